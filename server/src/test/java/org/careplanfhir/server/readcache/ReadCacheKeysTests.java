package org.careplanfhir.server.readcache;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the read cache may answer, and which requests share an answer. */
class ReadCacheKeysTests {

	@Test
	void readsSearchesAndEverythingByGetAreCacheable() {
		assertThat(ReadCacheKeys.cacheable(get("/fhir/Patient/17", null))).isTrue();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/CarePlan", "subject=Patient/17&status=active"))).isTrue();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/Patient/17/$everything", null))).isTrue();
	}

	@Test
	void writesOperationsAndMetadataGoToTheServer() {
		MockHttpServletRequest post = get("/fhir/Patient", null);
		post.setMethod("POST");

		assertThat(ReadCacheKeys.cacheable(post)).isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/metadata", null))).isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/ValueSet/$expand", "url=http://example.org/vs"))).isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/.well-known/smart-configuration", null))).isFalse();
	}

	@Test
	void conditionalRequestsAndClientsAskingForAFreshAnswerGoToTheServer() {
		MockHttpServletRequest conditional = get("/fhir/Patient/17", null);
		conditional.addHeader("If-None-Match", "W/\"3\"");
		MockHttpServletRequest noCache = get("/fhir/Patient/17", null);
		noCache.addHeader("Cache-Control", "no-cache");

		assertThat(ReadCacheKeys.cacheable(conditional)).isFalse();
		assertThat(ReadCacheKeys.cacheable(noCache)).isFalse();
	}

	/** Full-text and terminology searches depend on indexes written after the transaction. */
	@Test
	void searchesOnIndexesBuiltInTheBackgroundGoToTheServer() {
		assertThat(ReadCacheKeys.cacheable(get("/fhir/CarePlan", "_text=walking"))).isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/Condition", "_content=diabetes"))).isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/Condition", "code%3Ain=http://example.org/vs"))).isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/Condition", "code:below=http://snomed.info/sct|73211009")))
			.isFalse();
		assertThat(ReadCacheKeys.cacheable(get("/fhir/Patient", "name=%zz"))).as("malformed query").isFalse();
	}

	@Test
	void aRefreshedTokenWithTheSameGrantSharesAnswers() {
		MockHttpServletRequest request = get("/fhir/CarePlan", "status=active");

		assertThat(ReadCacheKeys.keyOf(request, token("patient/*.rs", "Patient/17", Instant.parse("2025-01-01T10:00:00Z"))))
			.isEqualTo(ReadCacheKeys.keyOf(request,
					token("patient/*.rs", "Patient/17", Instant.parse("2025-01-01T10:05:00Z"))));
	}

	@Test
	void anotherGrantOrAnotherPatientNeverSharesAnAnswer() {
		MockHttpServletRequest request = get("/fhir/CarePlan", "status=active");
		Instant now = Instant.now();
		String patient17 = ReadCacheKeys.keyOf(request, token("patient/*.rs", "Patient/17", now));

		assertThat(ReadCacheKeys.keyOf(request, token("patient/*.rs", "Patient/18", now))).isNotEqualTo(patient17);
		assertThat(ReadCacheKeys.keyOf(request, token("patient/CarePlan.rs", "Patient/17", now)))
			.isNotEqualTo(patient17);
		assertThat(ReadCacheKeys.keyOf(request, anonymous())).isNotEqualTo(patient17).startsWith("anonymous\n");
	}

	@Test
	void theKeyHoldsTheFullUrlAndTheHeadersThatChangeTheRepresentation() {
		MockHttpServletRequest json = get("/fhir/Patient/17", "_elements=name");
		json.addHeader("Accept", "application/fhir+json");
		MockHttpServletRequest xml = get("/fhir/Patient/17", "_elements=name");
		xml.addHeader("Accept", "application/fhir+xml");
		MockHttpServletRequest otherHost = get("/fhir/Patient/17", "_elements=name");
		otherHost.addHeader("Accept", "application/fhir+json");
		otherHost.setServerName("fhir.example.org");

		String key = ReadCacheKeys.keyOf(json, anonymous());
		assertThat(key).contains("http://localhost/fhir/Patient/17?_elements=name", "Accept: application/fhir+json");
		assertThat(ReadCacheKeys.keyOf(xml, anonymous())).isNotEqualTo(key);
		assertThat(ReadCacheKeys.keyOf(otherHost, anonymous())).isNotEqualTo(key);
	}

	private static MockHttpServletRequest get(String path, String query) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setQueryString(query);
		return request;
	}

	private static JwtAuthenticationToken token(String scope, String patient, Instant issuedAt) {
		Jwt jwt = Jwt.withTokenValue("token-issued-" + issuedAt)
			.header("alg", "RS256")
			.subject("app-user")
			.claim("scope", scope)
			.claim("patient", patient)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(300))
			.claim("jti", "id-" + issuedAt)
			.build();
		return new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_" + scope));
	}

	private static AnonymousAuthenticationToken anonymous() {
		return new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
	}

}
