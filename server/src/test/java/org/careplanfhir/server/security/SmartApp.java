package org.careplanfhir.server.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.http.NameValuePair;
import org.apache.http.client.utils.URLEncodedUtils;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SMART app and the person using it, driven over real HTTP: the authorization request, the
 * server's sign-in, patient picker and consent pages (with their session cookie and CSRF tokens),
 * the redirect with the code, and the token request with the PKCE verifier.
 */
final class SmartApp {

	static final String REDIRECT_URI = "http://localhost/callback";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final int port;

	private final String clientId;

	private final String secret;

	private final Map<String, String> cookies = new HashMap<>();

	private final String verifier = randomToken();

	private final String state = randomToken();

	SmartApp(int port, String clientId, String secret) {
		this.port = port;
		this.clientId = clientId;
		this.secret = secret;
	}

	String fhirBase() {
		return "http://localhost:" + port + "/fhir";
	}

	/** The authorization request's parameters, PKCE S256 and the FHIR base as audience. */
	Map<String, String> authorizationRequest(String scope) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", REDIRECT_URI);
		parameters.put("scope", scope);
		parameters.put("state", state);
		parameters.put("aud", fhirBase());
		parameters.put("code_challenge", challenge(verifier));
		parameters.put("code_challenge_method", "S256");
		return parameters;
	}

	Response get(String pathAndQuery) {
		Response response = browser().get(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
				: "http://localhost:" + port + pathAndQuery));
		cookies.putAll(response.getCookies());
		return response;
	}

	Response postForm(String path, Map<String, ?> form) {
		Response response = browser().urlEncodingEnabled(true).formParams(form).post(path);
		cookies.putAll(response.getCookies());
		return response;
	}

	Response postForm(String path, String rawForm) {
		Response response = browser().contentType("application/x-www-form-urlencoded").body(rawForm).post(path);
		cookies.putAll(response.getCookies());
		return response;
	}

	/** Posts the login form as a browser would, and answers where the server sends the browser. */
	Response trySignIn(String username, String password) {
		Response page = get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrf(page.asString())));
	}

	/** The cookies the browser holds for the server. */
	Map<String, String> cookies() {
		return Map.copyOf(cookies);
	}

	/** Signs in on the server's login page, as a browser would after being sent there. */
	void signIn(String username, String password) {
		Response page = get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		Response signedIn = postForm("/login",
				Map.of("username", username, "password", password, "_csrf", csrf(page.asString())));
		assertThat(signedIn.statusCode()).as("sign-in of " + username).isEqualTo(302);
		assertThat(signedIn.header("Location")).doesNotContain("error");
	}

	/**
	 * Runs the authorization request through sign-in, picker (choosing {@code patient} when asked)
	 * and consent (granting {@code grant}, or everything asked when null), and answers the
	 * redirect to the app.
	 */
	URI authorize(Map<String, String> request, String username, String password, String patient, List<String> grant) {
		Response response = get("/oauth2/authorize?" + query(request));
		if (response.statusCode() == 302 && response.header("Location").contains("/login")) {
			signIn(username, password);
			response = get("/oauth2/authorize?" + query(request));
		}
		if (response.statusCode() == 302 && response.header("Location").contains("/smart/select-patient")) {
			Response picker = get(response.header("Location"));
			assertThat(picker.statusCode()).isEqualTo(200);
			String authorizationRequest = hidden(picker.asString(), "authorizationRequest");
			response = postForm("/smart/select-patient",
					Map.of("patient", patient, "authorizationRequest", authorizationRequest, "_csrf",
							csrf(picker.asString())));
			assertThat(response.statusCode()).as("patient picked").isEqualTo(302);
				response = get(response.header("Location"));
		}
		if (response.statusCode() == 302 && response.header("Location").contains("/oauth2/consent")) {
			Response consent = get(response.header("Location"));
			assertThat(consent.statusCode()).isEqualTo(200);
			List<String> offered = checkboxValues(consent.asString());
			StringBuilder form = new StringBuilder("client_id=" + encode(clientId) + "&state="
					+ encode(param(response.header("Location"), "state")));
			for (String scope : grant == null ? offered : grant) {
				form.append("&scope=").append(encode(scope));
			}
			response = postForm("/oauth2/authorize", form.toString());
		}
		assertThat(response.statusCode()).as("redirect to the app: " + response.asString()).isEqualTo(302);
		return URI.create(response.header("Location"));
	}

	/** Exchanges the code from the app's redirect for tokens. */
	Response exchange(URI redirect) {
		assertThat(param(redirect.toString(), "state")).isEqualTo(state);
		return tokenRequest(Map.of("grant_type", "authorization_code", "code", param(redirect.toString(), "code"),
				"redirect_uri", REDIRECT_URI, "code_verifier", verifier));
	}

	Response tokenRequest(Map<String, String> form) {
		RequestSpecification request = given().port(port).basePath("").redirects().follow(false);
		Map<String, String> all = new LinkedHashMap<>(form);
		if (secret == null) {
			all.put("client_id", clientId);
		}
		else {
			request = request.auth().preemptive().basic(clientId, secret);
		}
		return request.formParams(all).post("/oauth2/token");
	}

	/** The whole flow, answering the token response's JSON. */
	JsonPath launch(String scope, String username, String password, String patient) {
		URI redirect = authorize(authorizationRequest(scope), username, password, patient, null);
		Response tokens = exchange(redirect);
		assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
		return tokens.jsonPath();
	}

	String verifier() {
		return verifier;
	}

	private RequestSpecification browser() {
		return given().port(port).basePath("").redirects().follow(false).cookies(cookies).urlEncodingEnabled(false);
	}

	static String param(String url, String name) {
		return URLEncodedUtils.parse(URI.create(url), StandardCharsets.UTF_8)
			.stream()
			.filter(pair -> pair.getName().equals(name))
			.map(NameValuePair::getValue)
			.findFirst()
			.orElse(null);
	}

	static String query(Map<String, String> parameters) {
		StringBuilder query = new StringBuilder();
		parameters.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&")
			.append(encode(name))
			.append('=')
			.append(encode(value)));
		return query.toString();
	}

	static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String csrf(String html) {
		Matcher token = CSRF.matcher(html);
		assertThat(token.find()).as("CSRF token in " + html).isTrue();
		return token.group(1);
	}

	private static String hidden(String html, String name) {
		Matcher field = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
		assertThat(field.find()).as(name + " in " + html).isTrue();
		return field.group(1).replace("&amp;", "&");
	}

	private static List<String> checkboxValues(String html) {
		return Pattern.compile("type=\"checkbox\" name=\"scope\" checked id=\"[^\"]+\" value=\"([^\"]+)\"")
			.matcher(html)
			.results()
			.map(match -> match.group(1))
			.toList();
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomToken() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
