package org.careplanfhir.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bearer token is taken from the Authorization header as Spring Security's own resolver takes
 * it: the same token, or the same refusal, for every header.
 */
class BearerTokenHeaderTests {

	private static final String TOKEN = "eyJraWQiOiJhIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJlLV8rLw";

	private final BearerTokenResolver ours = new BearerTokenHeader();

	private final BearerTokenResolver spring = new DefaultBearerTokenResolver();

	@Test
	void aWellFormedTokenIsTakenInAnyCaseOfTheScheme() {
		assertThat(ours.resolve(withAuthorization("Bearer " + TOKEN))).isEqualTo(TOKEN);
		assertThat(ours.resolve(withAuthorization("bEaReR " + TOKEN + "=="))).isEqualTo(TOKEN + "==");
		assertThat(ours.resolve(new MockHttpServletRequest())).isNull();
		assertThat(ours.resolve(withAuthorization("Basic YmVuY2g6c2VjcmV0"))).isNull();
	}

	@Test
	void aMalformedTokenIsRefusedWithSpringsError() {
		for (String malformed : List.of("Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + " ",
				"Bearer " + TOKEN + "=a", "Bearer =", "Bearer\t" + TOKEN, "Bearerx " + TOKEN, "Bearer tok\u00e9n")) {
			assertThatThrownBy(() -> ours.resolve(withAuthorization(malformed))).as(malformed)
				.isInstanceOfSatisfying(OAuth2AuthenticationException.class, refused -> {
					assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_token");
					assertThat(refused.getError().getDescription()).isEqualTo("Bearer token is malformed");
				});
		}
	}

	@Test
	void everyHeaderGetsSpringsVerdict() {
		List<String> headers = new ArrayList<>();
		String[] schemes = { "Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Bearer\t", "bearerX", "Basic ", "",
				"\u0130earer ", "Be\u017Frer ", "B\u0435arer " };
		// Token characters, padding and its neighbours, and characters that fold to ASCII letters only
		// under Unicode case rules (dotted I, long s, Kelvin sign).
		String alphabet = "aZz09-._~+/=  \t\n\r\u00e9\u0130\u017F\u212A%:,;\"\\";
		for (String scheme : schemes) {
			headers.add(scheme);
			headers.add(scheme + TOKEN);
			for (int point = 0; point < 0x3000; point++) {
				headers.add(scheme + "ab" + (char) point + "cd");
				headers.add(scheme + "ab" + (char) point);
				headers.add(scheme + (char) point);
			}
		}
		Random random = new Random(20261205);
		for (int i = 0; i < 200_000; i++) {
			StringBuilder header = new StringBuilder(schemes[random.nextInt(schemes.length)]);
			int length = random.nextInt(12);
			for (int c = 0; c < length; c++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			headers.add(header.toString());
		}
		int differences = 0;
		for (String header : headers) {
			if (!verdict(ours, header).equals(verdict(spring, header))) {
				differences++;
			}
		}
		assertThat(differences).as("headers judged differently, of %d", headers.size()).isZero();
	}

	private static String verdict(BearerTokenResolver resolver, String header) {
		try {
			return "token:" + resolver.resolve(withAuthorization(header));
		}
		catch (OAuth2AuthenticationException refused) {
			return "refused:" + refused.getError().getErrorCode() + ":" + refused.getError().getDescription();
		}
	}

	private static MockHttpServletRequest withAuthorization(String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
		request.addHeader("Authorization", value);
		return request;
	}

}
