"""Feedback pages: the public form and tracking by code; the staff list and each handling step (forward,
refuse, ask the sender for more, record what the sender added, answer, close)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from center import ratelimit, workdays
from center.errors import DomainError, TooManyRequests
from center.models import AccessPurpose
from center.privacy import personal_data_shown, reading_purpose
from dossiers.presentation import mask_name
from dossiers.selectors import dossier_public_get, printed_form
from monitoring import feedback as fb
from monitoring.feedback_forms import (
    AnswerForm,
    FeedbackForm,
    ForwardForm,
    InfoReceivedForm,
    InfoRequestForm,
    RefuseForm,
    SenderOpinionForm,
    StaffFilterForm,
    TrackingForm,
)
from monitoring.feedback_intake import feedback_submit_public
from monitoring.models import FeedbackStatus

NOT_FOUND = gettext_lazy("No feedback matches this tracking code.")


def _with_limit(request, find, code: str = ""):
    """`find` under the public lookup limits: per address, and per dossier `code` when a dossier is linked
    (a tracking code is itself the secret: each guess is another code, so only the address counts it)."""
    return ratelimit.guarded(ratelimit.public_lookup(), request, find, code=code)


def _refused(request, template: str, context: dict, limited: ratelimit.RateLimited | TooManyRequests):
    response = render(request, template, {**context, "refusal": limited.message}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


# --- public --------------------------------------------------------------------------------------


def _new_page(request, form, *, status: int = 200, limited: ratelimit.RateLimited | TooManyRequests | None = None):
    context = {"form": form, "answer_days": settings.FEEDBACK_ANSWER_DAYS}
    if limited is not None:
        return _refused(request, "monitoring/feedback/new.html", context, limited)
    return render(request, "monitoring/feedback/new.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    """The feedback form; from a dossier's tracking page it arrives with the dossier's code and secret."""
    if request.method != "POST":
        initial = {
            "dossier_code": printed_form(request.GET.get("dossier", "")),
            "dossier_secret": printed_form(request.GET.get("secret", "")),
        }
        if initial["dossier_code"]:
            initial["topic"] = "delay"
        return _new_page(request, FeedbackForm(initial=initial))
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _new_page(request, form, status=400)
    data = form.cleaned_data
    dossier = None
    if data["dossier_code"]:
        # Linking a dossier needs its secret: feedback counts against the dossier's agency in the index.
        try:
            dossier = _with_limit(
                request,
                lambda: dossier_public_get(code=data["dossier_code"], secret=data["dossier_secret"]),
                code=data["dossier_code"],
            )
        except ratelimit.RateLimited as limited:
            return _new_page(request, form, limited=limited)
        if dossier is None:
            form.add_error("dossier_code", _("No dossier matches this code and secret."))
            return _new_page(request, form, status=400)
    try:
        feedback = feedback_submit_public(
            client=ratelimit.client_address(request),
            topic=data["topic"],
            subject=data["subject"],
            content=data["content"],
            sender_name=data["sender_name"],
            sender_phone=data["sender_phone"],
            sender_email=data["sender_email"],
            dossier=dossier,
        )
    except TooManyRequests as refused:
        return _new_page(request, form, limited=refused)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _new_page(request, form, status=error.http_status)
    messages.success(
        request,
        _("Your feedback has been received. Its tracking code is %(code)s: keep it to read the answer here.")
        % {"code": feedback.tracking_code},
    )
    return redirect("feedback-detail", code=feedback.tracking_code)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_track(request):
    """Enter a tracking code to read the answer."""
    template = "monitoring/feedback/track.html"
    if request.method != "POST":
        return render(request, template, {"form": TrackingForm()})
    form = TrackingForm(request.POST)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    code = form.cleaned_data["code"]
    try:
        feedback = _with_limit(request, lambda: fb.feedback_public_get(tracking_code=code))
    except ratelimit.RateLimited as limited:
        return _refused(request, template, {"form": form}, limited)
    if feedback is None:
        return render(request, template, {"form": form, "error": NOT_FOUND}, status=404)
    return redirect("feedback-detail", code=feedback.tracking_code)


def _public_page(request, feedback, *, opinion_form=None, status=200):
    context = {
        "feedback": feedback,
        "sender": mask_name(feedback.sender_name),
        "overdue": fb.is_overdue(feedback),
        "open": feedback.status in fb.OPEN,
        "question": fb.info_question(feedback),
        "rated": fb.RATED,
        "opinion_form": opinion_form or SenderOpinionForm(),
        "can_give_opinion": feedback.status in fb.RATED and feedback.sender_satisfied is None,
    }
    return render(request, "monitoring/feedback/detail.html", context, status=status)


def _find_public(request, code: str):
    """The feedback for a tracking code, or the page to answer with instead (not found, refused)."""
    template = "monitoring/feedback/track.html"
    form = TrackingForm(initial={"code": code})
    try:
        feedback = _with_limit(request, lambda: fb.feedback_public_get(tracking_code=code))
    except ratelimit.RateLimited as limited:
        return None, _refused(request, template, {"form": form}, limited)
    if feedback is None:
        return None, render(request, template, {"form": form, "error": NOT_FOUND}, status=404)
    return feedback, None


@never_cache
@require_http_methods(["GET", "HEAD"])
def feedback_detail(request, code: str):
    """The sender's view: status, due date, the answer. The tracking code is the key."""
    feedback, refusal = _find_public(request, code)
    return refusal or _public_page(request, feedback)


@never_cache
@require_POST
def feedback_opinion(request, code: str):
    """The sender says whether the answer satisfies them, once."""
    feedback, refusal = _find_public(request, code)
    if refusal:
        return refusal
    form = SenderOpinionForm(request.POST)
    if not form.is_valid():
        return _public_page(request, feedback, opinion_form=form, status=400)
    try:
        fb.feedback_rate_answer(feedback=feedback, satisfied=form.cleaned_data["satisfied"])
    except DomainError as error:
        messages.error(request, error.message)
        return _public_page(request, feedback, status=error.http_status)
    messages.success(request, _("Thank you for your opinion."))
    return redirect("feedback-detail", code=feedback.tracking_code)


# --- staff ---------------------------------------------------------------------------------------


def _require_view(user):
    if not user.has_perm(fb.VIEW_PERMISSION):
        raise PermissionDenied


@login_required
def staff_list(request):
    _require_view(request.user)
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = fb.feedback_list(
        user=request.user, status=filters.get("status", ""), overdue=filters.get("overdue", False)
    ).order_by("due_at", "pk")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    now, calendar = timezone.now(), workdays.load_calendar()
    context = {
        "form": form if form.is_bound else StaffFilterForm(),
        "page": page,
        "rows": [(item, fb.handling_at(item, now, calendar)) for item in page],
        "counts": fb.feedback_counts(user=request.user),
    }
    return render(request, "monitoring/feedback/staff_list.html", context)


def _suggested_agency(feedback) -> int | None:
    """Where it was forwarded, else the agency of the dossier it is about."""
    if feedback.agency_id:
        return feedback.agency_id
    return feedback.dossier.agency_id if feedback.dossier else None


# One POST per action (the URL's slug): its form (None: nothing to fill in), the service it calls with the
# form's fields, and what to tell the staff member. The services check who may do it and in which state;
# the page offers it only when they would allow it.
STAFF_ACTIONS = {
    "forward": (ForwardForm, fb.feedback_forward, gettext_lazy("Forwarded to %(agency)s.")),
    "refuse": (
        RefuseForm,
        fb.feedback_refuse,
        gettext_lazy("The feedback is refused; the sender sees the reason with the tracking code."),
    ),
    "ask": (
        InfoRequestForm,
        fb.feedback_request_info,
        gettext_lazy("The sender has been asked for more information; they see the question with the tracking code."),
    ),
    "info-received": (
        InfoReceivedForm,
        fb.feedback_info_received,
        gettext_lazy("The information is recorded; the time to answer counts again from now."),
    ),
    "answer": (
        AnswerForm,
        fb.feedback_answer,
        gettext_lazy("The answer has been sent; the sender sees it with the tracking code."),
    ),
    "close": (None, fb.feedback_close, gettext_lazy("The feedback is closed.")),
}


def _offered(user, feedback) -> set[str]:
    """The actions the page shows to `user` for `feedback`."""
    handles = fb.can_handle(user, feedback)
    offered = set()
    if feedback.status in fb.OPEN:
        offered |= {"refuse", "ask", "answer"} if handles else set()
        offered |= {"forward"} if fb.can_forward(user) else set()
    elif feedback.status == FeedbackStatus.AWAITING_INFO and handles:
        offered.add("info-received")
    elif feedback.status == FeedbackStatus.ANSWERED and handles:
        offered.add("close")
    return offered


def _staff_page(request, feedback, *, bound: dict | None = None, status=200):
    # The page shows the sender's name, phone and email; a director's reading is supervision.
    purpose = reading_purpose(request.user, AccessPurpose.FEEDBACK_HANDLING)
    personal_data_shown(user=request.user, purpose=purpose, request=request, feedback=[feedback])
    bound = bound or {}
    forms = {  # keyed for the template, which cannot read "info-received"
        name.replace("-", "_"): bound.get(name) or form_class()
        for name, (form_class, _service, _done) in STAFF_ACTIONS.items()
        if form_class is not None and name != "forward"
    }
    forms["forward"] = bound.get("forward") or ForwardForm(initial={"agency": _suggested_agency(feedback)})
    now = timezone.now()
    calendar = workdays.load_calendar()
    context = {
        "feedback": feedback,
        "overdue": fb.is_overdue(feedback, now),
        "handling": fb.handling_at(feedback, now, calendar),
        "deadlines": fb.open_deadlines(feedback, now, calendar) if feedback.status in fb.OPEN else None,
        "now": now,
        "question": fb.info_question(feedback),
        "offered": _offered(request.user, feedback),
        "forms": forms,
    }
    return render(request, "monitoring/feedback/staff_detail.html", context, status=status)


def _staff_get(request, pk: int):
    _require_view(request.user)
    feedback = fb.feedback_get(user=request.user, pk=pk)
    if feedback is None:
        raise Http404
    return feedback


@login_required
def staff_detail(request, pk: int):
    return _staff_page(request, _staff_get(request, pk))


@login_required
@require_POST
def staff_action(request, pk: int, action: str):
    """One POST per action; the service checks who may do it and in which state."""
    if action not in STAFF_ACTIONS:
        raise Http404
    feedback = _staff_get(request, pk)
    form_class, service, done = STAFF_ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    bound = {action: form} if form else {}
    if form is not None and not form.is_valid():
        return _staff_page(request, feedback, bound=bound, status=400)
    data = form.cleaned_data if form else {}
    try:
        service(feedback=feedback, by=request.user, **data)
    except DomainError as error:
        messages.error(request, error.message)
        feedback.refresh_from_db()
        return _staff_page(request, feedback, bound=bound, status=error.http_status)
    messages.success(request, str(done) % {name: getattr(value, "name", value) for name, value in data.items()})
    return redirect(reverse("feedback-staff-detail", args=[pk]))
