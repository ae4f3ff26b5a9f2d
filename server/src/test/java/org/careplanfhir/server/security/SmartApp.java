package org.careplanfhir.server.security;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.careplanfhir.bench.smart.AuthorizationCodeFlow;
import org.careplanfhir.bench.smart.BrowserSession;
import org.careplanfhir.bench.smart.ClientAuthentication;
import org.careplanfhir.bench.smart.Forms;
import org.careplanfhir.bench.smart.SmartServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SMART app and the person using it, driven over real HTTP by the bench's SMART client
 * ({@link AuthorizationCodeFlow}): the authorization request, the server's sign-in, patient picker
 * and consent pages, the redirect with the code, and the token request with the PKCE verifier.
 * Answers come back as REST Assured responses for the tests' assertions.
 */
public final class SmartApp {

	static final String REDIRECT_URI = "http://localhost/callback";

	private final SmartServer server;

	private final BrowserSession browser;

	private final AuthorizationCodeFlow flow;

	/** A public app when {@code secret} is null, else a confidential one ({@code client_secret_basic}). */
	public SmartApp(int port, String clientId, String secret) {
		this.server = SmartServer.onLocalPort(port);
		this.browser = new BrowserSession(server);
		this.flow = new AuthorizationCodeFlow(browser, clientId, secret == null
				? ClientAuthentication.publicClient(clientId) : ClientAuthentication.secretBasic(clientId, secret),
				REDIRECT_URI);
	}

	String fhirBase() {
		return server.fhirBase();
	}

	/** The authorization request's parameters, PKCE S256 and the FHIR base as audience. */
	public Map<String, String> authorizationRequest(String scope) {
		return flow.authorizationRequest(scope);
	}

	Response get(String pathAndQuery) {
		return RestAssuredResponses.of(browser.get(pathAndQuery));
	}

	Response postForm(String path, Map<String, String> form) {
		return RestAssuredResponses.of(browser.postForm(path, form));
	}

	Response postForm(String path, String rawForm) {
		return RestAssuredResponses.of(browser.postForm(path, rawForm));
	}

	/** Posts the login form as a browser would, and answers where the server sends the browser. */
	public Response trySignIn(String username, String password) {
		return RestAssuredResponses.of(flow.trySignIn(username, password));
	}

	/** The cookies the browser holds for the server. */
	public Map<String, String> cookies() {
		return Map.copyOf(browser.cookies());
	}

	/** Signs in on the server's login page, as a browser would after being sent there. */
	public void signIn(String username, String password) {
		flow.signIn(username, password);
	}

	/**
	 * Runs the authorization request through sign-in, picker (choosing {@code patient} when asked)
	 * and consent (granting {@code grant}, or everything asked when null), and answers the
	 * redirect to the app.
	 */
	public URI authorize(Map<String, String> request, String username, String password, String patient, List<String> grant) {
		return flow.authorize(request, username, password, patient, grant);
	}

	/** Exchanges the code from the app's redirect for tokens. */
	public Response exchange(URI redirect) {
		return RestAssuredResponses.of(flow.exchange(redirect));
	}

	/** A token request with the app's client authentication added. */
	public Response tokenRequest(Map<String, String> form) {
		return RestAssuredResponses.of(flow.tokenEndpoint().post(form));
	}

	/** The whole flow, answering the token response's JSON. */
	public JsonPath launch(String scope, String username, String password, String patient) {
		Response tokens = exchange(authorize(authorizationRequest(scope), username, password, patient, null));
		assertThat(tokens.statusCode()).as(tokens.asString()).isEqualTo(200);
		return tokens.jsonPath();
	}

	String verifier() {
		return flow.verifier();
	}

	static String param(String url, String name) {
		return Forms.parameter(url, name);
	}

	static String query(Map<String, String> parameters) {
		return Forms.encode(parameters);
	}

}
