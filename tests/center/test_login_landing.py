"""After signing in without a ?next=, a director lands on the supervision dashboard (their work), not on
the counter's worklists; other staff land on their worklists; a ?next= is still followed."""

from tests.factories import TEST_PASSWORD


def sign_in(client, username, **query):
    url = "/accounts/login/" + (f"?next={query['next']}" if query else "")
    return client.post(url, {"username": username, "password": TEST_PASSWORD}, follow=True)


def test_a_director_lands_on_the_dashboard(client, director):
    response = sign_in(client, "director")
    assert response.redirect_chain[-1][0] == "/giam-sat/" and response.status_code == 200


def test_a_clerk_lands_on_the_worklists(client, clerk):
    assert sign_in(client, "clerk").redirect_chain[-1][0] == "/can-bo/"


def test_a_next_address_wins(client, director):
    assert sign_in(client, "director", next="/can-bo/so-theo-doi/").redirect_chain[-1][0] == "/can-bo/so-theo-doi/"
