"""The statistical report on emulation and commendation (báo cáo thống kê thi đua, khen thưởng)
that a commune sends up each year (and half-year), and the VHXH office's year-end summary.

`layouts` holds the forms as data (rows and columns with codes and selectors); `figures`
turns a layout, a commune and a period into a table in one query, and gathers the summary
by title, unit, sex and category; `reports` records and builds the background job whose file
`workbook` (Excel) or `document` (PDF) renders.
"""
