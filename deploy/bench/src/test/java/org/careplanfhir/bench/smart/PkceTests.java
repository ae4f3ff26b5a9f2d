package org.careplanfhir.bench.smart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PkceTests {

	@Test
	void challengeIsTheS256OfTheVerifierAsInRfc7636AppendixB() {
		assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
			.isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	}

	@Test
	void everyLaunchHasAVerifierOfItsOwnWithinRfc7636Bounds() {
		Pkce first = Pkce.create();
		Pkce second = Pkce.create();

		assertThat(first.verifier()).isNotEqualTo(second.verifier()).hasSizeBetween(43, 128).matches("[A-Za-z0-9_-]+");
		assertThat(first.challenge()).isEqualTo(Pkce.challengeOf(first.verifier()));
	}

}
