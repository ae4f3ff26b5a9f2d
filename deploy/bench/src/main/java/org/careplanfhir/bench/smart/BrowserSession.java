package org.careplanfhir.bench.smart;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a browser is to the server's sign-in, patient picker and consent pages: a cookie jar (the
 * session) and requests that do not follow redirects, so each step can look where it is sent.
 */
public final class BrowserSession {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final SmartServer server;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	public BrowserSession(SmartServer server) {
		this.server = server;
		this.http = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public SmartServer server() {
		return server;
	}

	/** GET a path on the server or a full URL (such as a Location header). */
	public HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(server.resolve(pathOrUrl)).GET());
	}

	/** POST a form, as a browser submits one. */
	public HttpResponse<String> postForm(String path, Map<String, String> fields) {
		return postForm(path, Forms.encode(fields));
	}

	/** POST a form already encoded, e.g. one that repeats a field. */
	public HttpResponse<String> postForm(String path, String encodedForm) {
		return send(HttpRequest.newBuilder(server.resolve(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encodedForm)));
	}

	/** The cookies held for the server, by name. */
	public Map<String, String> cookies() {
		Map<String, String> byName = new LinkedHashMap<>();
		for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
			byName.put(cookie.getName(), cookie.getValue());
		}
		return byName;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return Http.send(http, request.timeout(TIMEOUT).build());
	}

}
