from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    default = True  # this module also holds AxesConfig (and imports axes' own): this one is center's
    name = "center"
    verbose_name = _("Center")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import post_migrate

        from center import checks  # noqa: F401  (registers the deploy checks)
        from center.lockout import count_login_failure

        post_migrate.connect(_roles_after_last_app, dispatch_uid="center.ensure_roles")
        user_login_failed.connect(count_login_failure, dispatch_uid="center.count_login_failure")


def _roles_after_last_app(app_config, **kwargs):
    """The roles' permissions belong to several apps and exist only once each app has migrated: fill the
    groups on the post_migrate of the last installed app (a bare `migrate` leaves them complete)."""
    from django.apps import apps

    from center.roles import ensure_roles

    if app_config.label == list(apps.get_app_configs())[-1].label:
        ensure_roles()


class AxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese name in the admin (the package gives its app none: "Axes")."""

    verbose_name = _("Login attempts")
