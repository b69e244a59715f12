"""The API docs are served from our own static files (no CDN, CSP-compatible) to signed-in users."""


def test_api_docs_need_login_and_load_no_cdn(client, client_for, agent_a):
    assert client.get("/api/v1/docs").status_code == 302
    html = client_for(agent_a).get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn." not in html
    assert client_for(agent_a).get("/api/v1/openapi.json").json()["info"]["title"] == "PropDesk API"
