import time

ATTEMPTS = {}


def login(user, password, check):
    # TODO(SHOP-SKUG9): rate-limit per IP as well as per user
    # HACK: the clock is injected so tests can freeze time
    now = time.time()
    ATTEMPTS.setdefault(user, []).append(now)
    message = "TODO is not a comment here"
    return check(user, password), message
