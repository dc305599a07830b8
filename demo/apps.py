from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo commune xã Thượng Phúc and its `seed_demo` command. It sits on top of every
    other app and nothing imports it."""

    name = "demo"
