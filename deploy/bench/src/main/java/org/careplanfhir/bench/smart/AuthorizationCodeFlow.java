package org.careplanfhir.bench.smart;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A SMART app and the person using it (App Launch, authorization code with PKCE S256), driven over
 * real HTTP through the server's own pages: the authorization request, sign-in with username and
 * password, the patient picker, consent, the redirect with the code and the token request with the
 * verifier. One instance is one launch attempt: its PKCE verifier and {@code state} are its own.
 */
public final class AuthorizationCodeFlow {

	private final BrowserSession browser;

	private final String clientId;

	private final String redirectUri;

	private final TokenEndpoint tokens;

	private final Pkce pkce = Pkce.create();

	private final String state = Pkce.randomToken();

	/**
	 * @param clientId the app's id, sent in the authorization request and the consent form
	 * @param client how the app authenticates at the token endpoint (public apps name themselves)
	 */
	public AuthorizationCodeFlow(BrowserSession browser, String clientId, ClientAuthentication client,
			String redirectUri) {
		this.browser = browser;
		this.clientId = clientId;
		this.redirectUri = redirectUri;
		this.tokens = new TokenEndpoint(browser.server(), client);
	}

	/** The authorization request's parameters: PKCE S256, a fresh state, the FHIR base as audience. */
	public Map<String, String> authorizationRequest(String scope) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("scope", scope);
		parameters.put("state", state);
		parameters.put("aud", browser.server().fhirBase());
		parameters.put("code_challenge", pkce.challenge());
		parameters.put("code_challenge_method", "S256");
		return parameters;
	}

	/** Posts the sign-in form as a browser would, and answers where the server sends the browser. */
	public HttpResponse<String> trySignIn(String username, String password) {
		HttpResponse<String> page = browser.get("/login");
		Http.expect(page, 200, "sign-in page");
		return browser.postForm("/login",
				Map.of("username", username, "password", password, "_csrf", LoginPages.csrf(page.body())));
	}

	/** Signs in on the server's sign-in page; fails unless the server accepts the password. */
	public void signIn(String username, String password) {
		String next = Http.expect(trySignIn(username, password), 302, "sign-in of " + username);
		if (next.contains("error") || next.contains("locked")) {
			throw new IllegalStateException("sign-in of " + username + " refused: " + next);
		}
	}

	/**
	 * Runs the authorization request through sign-in (when the session has none), the patient picker
	 * (choosing {@code patient} when asked) and consent (granting {@code grant}, or every scope
	 * offered when null), and answers the redirect to the app, with a code or an error.
	 */
	public URI authorize(Map<String, String> request, String username, String password, String patient,
			List<String> grant) {
		String query = "/oauth2/authorize?" + Forms.encode(request);
		HttpResponse<String> response = browser.get(query);
		if (redirectsTo(response, "/login")) {
			signIn(username, password);
			response = browser.get(query);
		}
		if (redirectsTo(response, "/smart/select-patient")) {
			response = pickPatient(location(response), patient);
		}
		if (redirectsTo(response, "/oauth2/consent")) {
			response = consent(location(response), grant);
		}
		return URI.create(Http.expect(response, 302, "redirect to the app"));
	}

	/** Exchanges the code from the app's redirect for tokens; answers whatever the token endpoint says. */
	public HttpResponse<String> exchange(URI redirect) {
		String returned = Forms.parameter(redirect.toString(), "state");
		if (!state.equals(returned)) {
			// The app's defence against a forged redirect (RFC 6749 10.12).
			throw new IllegalStateException("The redirect carries state " + returned + ", not this launch's");
		}
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", Forms.parameter(redirect.toString(), "code"));
		form.put("redirect_uri", redirectUri);
		form.put("code_verifier", pkce.verifier());
		return tokens.post(form);
	}

	/** The whole launch, consenting to every scope offered. */
	public TokenResponse launch(String scope, String username, String password, String patient) {
		URI redirect = authorize(authorizationRequest(scope), username, password, patient, null);
		if (Forms.parameter(redirect.toString(), "code") == null) {
			throw new IllegalStateException("No code for " + username + ": " + redirect);
		}
		return TokenEndpoint.granted(exchange(redirect), "authorization code");
	}

	/** The token endpoint as this app, e.g. to refresh. */
	public TokenEndpoint tokenEndpoint() {
		return tokens;
	}

	public String verifier() {
		return pkce.verifier();
	}

	private HttpResponse<String> pickPatient(String pickerUrl, String patient) {
		HttpResponse<String> picker = browser.get(pickerUrl);
		Http.expect(picker, 200, "patient picker");
		if (patient == null) {
			throw new IllegalStateException("The server asks for a patient and none was given");
		}
		HttpResponse<String> picked = browser.postForm("/smart/select-patient",
				Map.of("patient", patient, "authorizationRequest", LoginPages.hidden(picker.body(), "authorizationRequest"),
						"_csrf", LoginPages.csrf(picker.body())));
		return browser.get(Http.expect(picked, 302, "patient picked"));
	}

	private HttpResponse<String> consent(String consentUrl, List<String> grant) {
		HttpResponse<String> page = browser.get(consentUrl);
		Http.expect(page, 200, "consent page");
		StringJoiner form = new StringJoiner("&");
		form.add("client_id=" + Forms.encode(clientId));
		form.add("state=" + Forms.encode(Forms.parameter(consentUrl, "state")));
		for (String scope : grant == null ? LoginPages.offeredScopes(page.body()) : grant) {
			form.add("scope=" + Forms.encode(scope));
		}
		return browser.postForm("/oauth2/authorize", form.toString());
	}

	private static boolean redirectsTo(HttpResponse<String> response, String path) {
		return response.statusCode() == 302 && location(response).contains(path);
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

}
