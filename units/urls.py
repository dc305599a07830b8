from django.urls import path

from .views import cadres, city, exports, ratings, units

app_name = "units"

urlpatterns = [
    path("commune/", units.CommuneUpdateView.as_view(), name="commune_edit"),
    path("units/", units.UnitListView.as_view(), name="unit_list"),
    path("units/new/", units.UnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/", units.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", units.UnitUpdateView.as_view(), name="unit_edit"),
    path("units/<int:pk>/ratings/<int:year>/", ratings.RatingsView.as_view(), name="ratings"),
    path("people/", cadres.CadreListView.as_view(), name="cadre_list"),
    path("people/new/", cadres.CadreCreateView.as_view(), name="cadre_create"),
    path("people/<int:pk>/", cadres.CadreDetailView.as_view(), name="cadre_detail"),
    path("people/<int:pk>/edit/", cadres.CadreUpdateView.as_view(), name="cadre_edit"),
    path("people/<int:pk>/transfer/", cadres.CadreTransferView.as_view(), name="cadre_transfer"),
    path("people/transfers/", cadres.TransferListView.as_view(), name="transfer_list"),
    path("people/transfers/<int:pk>/answer/", cadres.TransferAnswerView.as_view(), name="transfer_answer"),
    path("city/communes/", city.CommuneListView.as_view(), name="city_communes"),
    path("city/communes/new/", city.CommuneCreateView.as_view(), name="city_commune_create"),
    path("city/communes/<int:pk>/archive/", city.CommuneArchiveView.as_view(), name="city_commune_archive"),
    path("city/move/unit/", city.MoveUnitView.as_view(), name="city_move_unit"),
    path("city/move/person/", city.MoveCadreView.as_view(), name="city_move_cadre"),
    path("export/units.xlsx", exports.UnitExportView.as_view(), name="export_units"),
    path("export/people/", exports.CadreExportView.as_view(), name="export_cadres"),
    path("export/ratings/<int:year>.xlsx", exports.RatingExportView.as_view(), name="export_ratings"),
]
