"""Pages of the counter desk: the kiosk and the hall's board (public), the counter page (staff)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from center.errors import DomainError, TooManyRequests
from center.params import positive_int
from center.people import full_name
from counters import kiosk as kiosk_limits
from counters import selectors, services
from counters.announce import CLIP_TEXTS
from counters.models import Counter, ServiceGroup, Ticket

# --- kiosk (no login: a touch screen in the hall) ----------------------------------------------------


def kiosk(request):
    if request.method == "POST":
        group = ServiceGroup.objects.filter(pk=positive_int(request.POST.get("group")), is_active=True).first()
        if group is None:
            messages.error(request, _("Choose a service from the list."))
            return redirect("kiosk")
        try:
            kiosk_limits.ticket_allow(request)
        except TooManyRequests as refused:
            return _kiosk_page(request, refusal=refused)
        ticket = services.ticket_issue(group=group)
        return redirect(f"{reverse('kiosk-ticket', args=[ticket.pk])}?print=1")
    return _kiosk_page(request)


def _kiosk_page(request, *, refusal: TooManyRequests | None = None):
    groups = list(selectors.service_group_list())
    rows = [(group, selectors.group_counters(group)) for group in groups]
    context = {"rows": rows, "refusal": refusal.message if refusal else ""}
    response = render(request, "counters/kiosk.html", context, status=429 if refusal else 200)
    if refusal:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@login_required
@permission_required("counters.add_kioskdevice", raise_exception=True)
@require_http_methods(["GET", "POST"])
def kiosk_register(request):
    """Register the screen this page is opened on as a kiosk of the hall (an administrator, on the kiosk
    itself): its browser keeps a cookie that lets it print tickets at a busy hall's pace."""
    template = "counters/kiosk_register.html"
    current = kiosk_limits.kiosk_device(request)
    if request.method != "POST":
        return render(request, template, {"current": current})
    try:
        device, token = services.kiosk_device_register(name=request.POST.get("name", ""), by=request.user)
    except DomainError as error:
        return render(request, template, {"current": current, "error": error.message}, status=error.http_status)
    messages.success(request, _("This screen is now registered as the kiosk “%(name)s”.") % {"name": device.name})
    response = redirect("kiosk")
    kiosk_limits.remember_device(response, token)
    return response


def kiosk_ticket(request, pk: int):
    """The ticket as an 80 mm receipt; it prints itself when just taken."""
    ticket = selectors.ticket_get(pk=pk)
    if ticket is None:
        raise Http404
    group = ServiceGroup.objects.prefetch_related("agencies__counters").get(pk=ticket.group_id)
    return render(
        request,
        "counters/ticket.html",
        {
            "ticket": ticket,
            "counters": selectors.group_counters(group),
            "ahead": selectors.tickets_ahead(ticket),
            "autoprint": request.GET.get("print") == "1",
        },
    )


# --- the hall's display board --------------------------------------------------------------------------


def display_board(request):
    """The hall's TV. It plays each new call aloud from the recorded clips (counters/announce.py), whose
    static addresses (hashed in production) it is given here; the clock shows the center's time zone."""
    clips = {name: static(f"board-audio/{name}.ogg") for name in CLIP_TEXTS}
    context = {"board": selectors.board_data(), "poll_ms": 2000, "clips": clips, "time_zone": settings.TIME_ZONE}
    return render(request, "counters/board.html", context)


@never_cache
def display_board_data(request):
    return JsonResponse(selectors.board_data())


# --- the counter page (staff) ----------------------------------------------------------------------------


def _staff_counter(user) -> Counter | None:
    profile = getattr(user, "staff_profile", None)
    return profile.counter if profile and profile.counter_id else None


@login_required
@permission_required("dossiers.receive_dossier", raise_exception=True)
def counter_desk(request):
    counter = _staff_counter(request.user)
    context = {"counter": counter, "counters": Counter.objects.filter(is_active=True)}
    if counter is not None:
        context.update(
            current=services.counter_current_ticket(counter=counter),
            groups=selectors.counter_groups(counter),
            served=selectors.counter_served_today(counter),
        )
    return render(request, "counters/desk.html", context)


TICKET_ACTIONS = {
    "recall": (services.ticket_recall, gettext_lazy("Ticket %(ticket)s called again.")),
    "skip": (services.ticket_skip, gettext_lazy("Ticket %(ticket)s marked as not come.")),
    "serve": (services.ticket_start_serving, gettext_lazy("Serving ticket %(ticket)s.")),
    "finish": (services.ticket_finish, gettext_lazy("Ticket %(ticket)s finished.")),
}


@require_POST
@login_required
@permission_required("dossiers.receive_dossier", raise_exception=True)
def counter_desk_action(request, action: str):
    counter = _staff_counter(request.user)
    if counter is None:
        messages.error(request, _("Choose the counter where you sit first."))
        return redirect("counter-desk")
    try:
        if action == "call":
            ticket = services.ticket_call_next(counter=counter, by=request.user)
            messages.success(request, _("Calling ticket %(ticket)s.") % {"ticket": ticket.label})
        elif action in TICKET_ACTIONS:
            service, message = TICKET_ACTIONS[action]
            ticket = get_object_or_404(Ticket, pk=positive_int(request.POST.get("ticket")))
            ticket = service(ticket=ticket, by=request.user)
            messages.success(request, str(message) % {"ticket": ticket.label})
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("counter-desk")


@require_POST
@login_required
@permission_required("dossiers.receive_dossier", raise_exception=True)
def counter_sit(request):
    value = request.POST.get("counter", "")
    number = positive_int(value)
    counter = Counter.objects.filter(pk=number, is_active=True).first() if number else None
    if value and counter is None:
        messages.error(request, _("Choose a counter from the list."))
        return redirect("counter-desk")
    try:
        services.staff_sit_at_counter(user=request.user, counter=counter)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("counter-desk")
    others = selectors.counter_colleagues(counter=counter, user=request.user) if counter else []
    if others:
        # Allowed (a colleague may have left without signing out), but the two would call the same queue.
        names = ", ".join(full_name(user) for user in others)
        messages.warning(
            request,
            _("%(names)s is also seated at %(counter)s. Check with them, or choose another counter.")
            % {"names": names, "counter": counter.name},
        )
    return redirect("counter-desk")
