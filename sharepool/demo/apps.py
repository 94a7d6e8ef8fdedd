from django.apps import AppConfig


class DemoConfig(AppConfig):
    # An app only so that Django finds the `seed_demo` command; it has no models.
    name = "sharepool.demo"
    label = "demo"
