package org.careplanfhir.server.security;

import java.sql.BatchUpdateException;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/**
 * Password guessing is throttled per account and per address; the admin API takes credentials on
 * every call, never the sign-in session, and refuses client descriptions that would leak codes or
 * reach into the operator's network; passwords and secrets are never kept in the clear; the pages
 * carry the headers browsers need; and patients' values stay out of the log. Each test speaks from
 * its own network address (through the trusted proxy's X-Forwarded-For), so that the address limit
 * of one does not touch the others.
 */
class SignInAndAdminHardeningIntegrationTests extends FhirServerTest {

	private static int nextAddress = 10;

	@Test
	void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
		String address = newAddress();
		String user = newAccount();
		for (int i = 0; i < 5; i++) {
			basic(user, "not-the-password-" + i, address).get("/admin/users").then().statusCode(401);
		}

		basic(user, "a-long-enough-password", address).get("/admin/users").then().statusCode(429)
			.header("Retry-After", "900");
		basic(user, "a-long-enough-password", newAddress()).get("/admin/users").then().statusCode(429);
		// Another account from the same address is not locked: the address has not reached its limit.
		basic("test-admin", "staple-horse-admin-pass", address).get("/admin/users").then().statusCode(200);
	}

	@Test
	void theSignInPageLocksTooAfterFiveWrongPasswords() {
		String user = newAccount();
		SmartApp browser = new SmartApp(port, "test-app", null);
		for (int i = 0; i < 5; i++) {
			assertThat(browser.trySignIn(user, "not-the-password-" + i).header("Location")).contains("/login?error");
		}

		assertThat(browser.trySignIn(user, "a-long-enough-password").header("Location")).contains("/login?locked");
		assertThat(browser.get("/login?locked").asString()).contains("Too many failed sign-ins");
	}

	@Test
	void twentyWrongPasswordsFromOneAddressRefuseThatAddressForEveryAccount() {
		String address = newAddress();
		for (int i = 0; i < 20; i++) {
			basic("nobody-" + i, "not-the-password", address).get("/admin/users").then().statusCode(401);
		}

		basic("test-admin", "staple-horse-admin-pass", address).get("/admin/users").then().statusCode(429);
		basic("test-admin", "staple-horse-admin-pass", newAddress()).get("/admin/users").then().statusCode(200);
	}

	@Test
	void theAdminApiDoesNotAcceptTheSignInSessionCookie() {
		SmartApp browser = new SmartApp(port, "test-app", null);
		browser.signIn("test-admin", "staple-horse-admin-pass");
		Map<String, String> session = browser.cookies();
		assertThat(session).containsKey("SESSION");

		given().basePath("").cookies(session).get("/admin/users").then().statusCode(401);
		given().basePath("").cookies(session).contentType("application/json")
			.body(Map.of("password", "a-long-enough-password", "admin", true))
			.put("/admin/users/" + unique("csrf")).then().statusCode(401);
	}

	@Test
	void passwordsThatAreShortCommonOrTheAccountsNameAreRefused() {
		String user = unique("weak");
		for (String weak : List.of("short", "password1234", "123456789012", "aaaaaaaaaaaaaaa", "abcdefghijklmn",
				user + "-password")) {
			admin().contentType("application/json").body(Map.of("password", weak)).put("/admin/users/" + user)
				.then().statusCode(400).body("detail", containsString("password"));
		}
		// A password that looks pre-encoded as {noop} is a plain password: checked, then hashed.
		admin().contentType("application/json").body(Map.of("password", "{noop}not-kept-in-the-clear"))
			.put("/admin/users/" + user).then().statusCode(200);
		assertThat(database.queryForObject("SELECT password_hash FROM careplan_user WHERE username = ?", String.class, user))
			.startsWith("{bcrypt}").doesNotContain("not-kept");
	}

	@Test
	void clientDescriptionsThatLeakCodesOrReachTheOperatorsNetworkAreRefused() {
		Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
		bad.put("javascript: redirect", publicApp("javascript:alert(1)"));
		bad.put("wildcard redirect", publicApp("https://*.example.org/callback"));
		bad.put("plain http redirect", publicApp("http://app.example.org/callback"));
		bad.put("relative redirect", publicApp("/callback"));
		bad.put("redirect with a fragment", publicApp("https://app.example.org/callback#x"));
		bad.put("metadata key set", Map.of("authMethod", "private_key_jwt", "jwksUri", "http://169.254.169.254/latest/keys",
				"scopes", List.of("system/*.rs")));
		bad.put("metadata host key set", Map.of("authMethod", "private_key_jwt", "jwksUri",
				"https://metadata.google.internal/keys", "scopes", List.of("system/*.rs")));
		bad.put("link-local IPv6 key set", Map.of("authMethod", "private_key_jwt", "jwksUri", "https://[fe80::1]/keys",
				"scopes", List.of("system/*.rs")));
		bad.put("plain http key set", Map.of("authMethod", "private_key_jwt", "jwksUri", "http://keys.example.org/jwks",
				"scopes", List.of("system/*.rs")));
		bad.put("short secret", Map.of("authMethod", "client_secret_basic", "secret", "short", "scopes", List.of("system/*.rs")));
		bad.forEach((what, body) -> admin().contentType("application/json").body(body)
			.put("/admin/clients/" + unique("bad")).then().statusCode(400).body("detail", org.hamcrest.Matchers.notNullValue()));

		admin().contentType("application/json").body(Map.of("authMethod", "client_secret_basic", "secret",
				"a-long-enough-secret", "scopes", List.of("system/*.rs")))
			.put("/admin/clients/" + "x".repeat(5000)).then().statusCode(400).body("detail", containsString("clientId"));
		admin().contentType("application/json").body(Map.of("authMethod", "client_secret_basic", "secret",
				"a-long-enough-secret", "scopes", List.of("system/*.rs")))
			.put("/admin/clients/bad!id'quoted").then().statusCode(400).body("detail", containsString("clientId"));
	}

	@Test
	void aSecretThatLooksPreEncodedAsNoopIsStillHashed() {
		String clientId = unique("noop");
		String secret = "{noop}a-plain-secret-in-disguise";
		admin().contentType("application/json")
			.body(Map.of("authMethod", "client_secret_basic", "secret", secret, "scopes", List.of("system/Patient.rs")))
			.put("/admin/clients/" + clientId).then().statusCode(200);

		String stored = database.queryForObject("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?",
				String.class, clientId);
		assertThat(stored).startsWith("{bcrypt}").doesNotContain("a-plain-secret");
		assertThat(TestTokens.clientCredentials(port, clientId, secret, "system/Patient.rs").value()).isNotBlank();
	}

	@Test
	void pagesCarryTheSecurityHeadersAndTheFhirEndpointNoVersionBanner() {
		Response login = given().basePath("").get("/login");
		assertThat(login.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
		assertThat(login.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(login.header("Set-Cookie")).contains("SameSite=Lax").contains("HttpOnly");

		given().get("/metadata").then().statusCode(200).header("X-Powered-By", nullValue());
		fhir().get("/Patient?_count=1").then().statusCode(200).header("X-Powered-By", nullValue());

		// Behind a TLS-terminating proxy the browser is told to stay on https.
		given().header("X-Forwarded-Proto", "https").get("/metadata").then()
			.header("Strict-Transport-Security", containsString("max-age="));
		given().basePath("").header("X-Forwarded-Proto", "https").get("/login").then()
			.header("Strict-Transport-Security", containsString("max-age="));
		given().get("/metadata").then().header("Strict-Transport-Security", nullValue());
	}

	@Test
	void aFailedDatabaseBatchDoesNotPutTheRowsValuesInItsMessage() {
		String value = "Patient-Name-" + unique("phi");
		DataAccessException failure = catchThrowableOfType(
				() -> database.batchUpdate("INSERT INTO careplan_user (username, password_hash) VALUES (?, NULL)",
						List.<Object[]>of(new Object[] { value })),
				DataAccessException.class);

		assertThat(failure.getMostSpecificCause()).isInstanceOfAny(BatchUpdateException.class, java.sql.SQLException.class);
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).doesNotContain(value);
		}
	}

	private static Map<String, Object> publicApp(String redirect) {
		return Map.of("authMethod", "none", "redirectUris", List.of(redirect), "scopes", List.of("patient/*.rs"));
	}

	private String newAccount() {
		String user = unique("guessed");
		admin().contentType("application/json").body(Map.of("password", "a-long-enough-password"))
			.put("/admin/users/" + user).then().statusCode(200);
		return user;
	}

	private static synchronized String newAddress() {
		return "198.51.100." + nextAddress++;
	}

	private static RequestSpecification basic(String username, String password, String address) {
		return given().basePath("").header("X-Forwarded-For", address).auth().preemptive().basic(username, password);
	}

	private RequestSpecification admin() {
		return basic("test-admin", "staple-horse-admin-pass", "198.51.100.250");
	}

}
