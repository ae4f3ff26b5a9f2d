package org.careplanfhir.server.security;

import java.util.List;

import jakarta.servlet.Filter;

import org.careplanfhir.server.FhirServerTest;
import org.careplanfhir.server.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.util.ReflectionTestUtils;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The FHIR endpoint takes bearer tokens with {@link BearerTokenHeader} ({@link BearerTokenHeaderTests}
 * shows it judges headers as Spring Security's own resolver), and refuses a malformed one as before.
 */
class BearerTokenHeaderIntegrationTests extends FhirServerTest {

	@Autowired
	private List<SecurityFilterChain> chains;

	@Test
	void theFhirEndpointTakesTokensWithOurResolver() {
		// The chain a FHIR request goes through: the first that matches it, as Spring picks it.
		SecurityFilterChain fhirEndpoint = chains.stream()
			.filter(chain -> chain.matches(new MockHttpServletRequest("GET", "/fhir/Patient")))
			.findFirst()
			.orElseThrow();
		List<Object> resolvers = fhirEndpoint.getFilters().stream()
			.filter(BearerTokenAuthenticationFilter.class::isInstance)
			.map(filter -> ReflectionTestUtils.getField((Filter) filter, "bearerTokenResolver"))
			.toList();
		assertThat(resolvers).isNotEmpty().allMatch(BearerTokenHeader.class::isInstance);
	}

	@Test
	void aMalformedTokenIs401InvalidTokenAndAWellFormedOneIsRead() {
		given().header("Authorization", "Bearer " + TestTokens.system(port) + " trailing").get("/Patient").then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("invalid_token"))
			.body("resourceType", equalTo("OperationOutcome"));
		given().header("Authorization", "bearer " + TestTokens.system(port)).get("/Patient?_count=1").then()
			.statusCode(200)
			.body("resourceType", equalTo("Bundle"));
	}

}
