from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sharepool.web"
    label = "web"
