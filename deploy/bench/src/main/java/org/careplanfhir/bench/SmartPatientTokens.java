package org.careplanfhir.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Patient tokens the way a SMART app gets them from Careplan FHIR Server: an administrator
 * registers a public app and one account per sampled patient, then for each patient the bench signs
 * in on the server's login page, consents, and exchanges the code (PKCE S256) for an access token
 * with {@code launch/patient patient/*.rs}. Careplan-specific: other servers' logins differ.
 */
final class SmartPatientTokens {

	static final String CLIENT_ID = "careplan-bench-app";

	private static final String REDIRECT_URI = "http://localhost/careplan-bench-callback";

	private static final String SCOPE = "launch/patient openid patient/*.rs";

	private static final String PASSWORD = "bench-patient-password";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private final String root;

	private final String fhirBase;

	private final String adminAuthorization;

	SmartPatientTokens(String fhirBase, String adminCredentials) {
		this.fhirBase = fhirBase;
		this.root = fhirBase.replaceAll("/fhir$", "");
		this.adminAuthorization = "Basic "
				+ Base64.getEncoder().encodeToString(adminCredentials.getBytes(StandardCharsets.UTF_8));
	}

	/** One access token per patient id. */
	Map<String, String> forPatients(List<String> patientIds) throws Exception {
		HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		adminPut(admin, "/admin/clients/" + CLIENT_ID, "{\"name\":\"Careplan bench app\",\"authMethod\":\"none\","
				+ "\"redirectUris\":[\"" + REDIRECT_URI + "\"],\"scopes\":[\"launch/patient\",\"openid\",\"patient/*.rs\"]}");
		Map<String, String> tokens = new LinkedHashMap<>();
		for (String patient : patientIds) {
			String username = "bench-patient-" + patient;
			adminPut(admin, "/admin/users/" + username,
					"{\"password\":\"" + PASSWORD + "\",\"fhirUser\":\"Patient/" + patient + "\"}");
			tokens.put(patient, signInAndAuthorize(username));
		}
		return tokens;
	}

	private String signInAndAuthorize(String username) throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		String loginPage = send(browser, HttpRequest.newBuilder(URI.create(root + "/login")).GET()).body();
		expect(send(browser, form(root + "/login",
				Map.of("username", username, "password", PASSWORD, "_csrf", match(CSRF, loginPage)))), 302, "sign-in");

		String verifier = random();
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", CLIENT_ID);
		request.put("redirect_uri", REDIRECT_URI);
		request.put("scope", SCOPE);
		request.put("state", random());
		request.put("aud", fhirBase);
		request.put("code_challenge", challenge(verifier));
		request.put("code_challenge_method", "S256");
		String location = expect(send(browser,
				HttpRequest.newBuilder(URI.create(root + "/oauth2/authorize?" + encode(request))).GET()), 302, "authorize");
		if (location.contains("/oauth2/consent")) {
			String consentState = parameter(location, "state");
			StringJoiner consent = new StringJoiner("&");
			consent.add("client_id=" + CLIENT_ID).add("state=" + URLEncoder.encode(consentState, StandardCharsets.UTF_8));
			for (String scope : SCOPE.split(" ")) {
				consent.add("scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
			}
			location = expect(send(browser, HttpRequest.newBuilder(URI.create(root + "/oauth2/authorize"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(consent.toString()))), 302, "consent");
		}
		String code = parameter(location, "code");
		if (code == null) {
			throw new IllegalStateException("no code for " + username + ": " + location);
		}
		HttpResponse<String> tokens = send(browser, form(root + "/oauth2/token", Map.of("grant_type",
				"authorization_code", "code", code, "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
				"code_verifier", verifier)));
		if (tokens.statusCode() != 200) {
			throw new IllegalStateException("token request for " + username + ": " + tokens.statusCode() + " " + tokens.body());
		}
		return match(ACCESS_TOKEN, tokens.body());
	}

	private void adminPut(HttpClient http, String path, String json) throws Exception {
		HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(root + path))
			.header("Authorization", adminAuthorization)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("PUT " + path + ": " + response.statusCode() + " " + response.body());
		}
	}

	private static HttpRequest.Builder form(String url, Map<String, String> fields) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String expect(HttpResponse<String> response, int status, String step) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(step + ": " + response.statusCode() + " " + response.body());
		}
		return response.headers().firstValue("Location").orElse("");
	}

	private static String encode(Map<String, String> fields) {
		StringJoiner query = new StringJoiner("&");
		fields.forEach((name, value) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return query.toString();
	}

	private static String parameter(String url, String name) {
		int query = url.indexOf('?');
		if (query < 0) {
			return null;
		}
		for (String pair : url.substring(query + 1).split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static String match(Pattern pattern, String text) {
		Matcher found = pattern.matcher(text);
		if (!found.find()) {
			throw new IllegalStateException("expected " + pattern + " in " + text);
		}
		return found.group(1);
	}

	private static String random() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

}
