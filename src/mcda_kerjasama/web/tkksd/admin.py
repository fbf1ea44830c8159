"""The Django admin for the server's administrator (users, mappings, memberships);
every change of a mapping's content goes through the application and its audit log."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from mcda_kerjasama.web.tkksd.models import AuditEntry, Job, Mapping, Membership


@admin.register(Mapping)
class MappingAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "years", "deadline", "created_at")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("mapping", "user", "role", "agency")
    list_filter = ("role", "mapping")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "mapping", "kind", "status", "progress", "created_at", "finished_at")
    list_filter = ("status", "kind")


@admin.register(AuditEntry)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("at", "mapping", "username", "action", "target")
    list_filter = ("action",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
