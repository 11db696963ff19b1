"""Benchmark-only middleware, installed by settings only when VDA_BENCH_QUERY_HEADER=1.

- QueryCountMiddleware (first): counts every database query a request makes — session, user,
  view, template, session save — and sends the count as ``X-Query-Count``.
- BareEndpointMiddleware (last): answers ``/__bench__/bare`` after every other middleware has
  run (session, locale, CSRF, authentication, CSP, axes…), without URL resolution, view or
  template: the floor of the stack that page timings are compared with. It reads
  ``request.user`` so that a signed-in request pays for its session and user like a page does.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse

BARE_PATH = "/__bench__/bare"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class BareEndpointMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != BARE_PATH:
            return self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        return HttpResponse(f"ok {int(signed_in)}\n", content_type="text/plain")
