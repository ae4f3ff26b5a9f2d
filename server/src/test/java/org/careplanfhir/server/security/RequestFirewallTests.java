package org.careplanfhir.server.security;

import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's character rules give Spring Security's verdict on every Unicode code point, alone
 * and between printable text, on unpaired surrogates, and on the empty string.
 */
class RequestFirewallTests {

	@Test
	void headerNamesAreJudgedAsSpringSecurityJudgesThem() {
		judgeAlike(RequestFirewall::assignedAndNotControl, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
	}

	@Test
	void headerValuesAreJudgedAsSpringSecurityJudgesThem() {
		judgeAlike(RequestFirewall::assignedAndNotControlButTab, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
	}

	@Test
	void parameterNamesAreJudgedAsSpringSecurityJudgesThem() {
		judgeAlike(RequestFirewall::assignedAndNotControl, StrictHttpFirewall.ALLOWED_PARAMETER_NAMES);
	}

	@Test
	void controlCharactersAreRefusedAndATabOnlyInAValue() {
		assertThat(RequestFirewall.assignedAndNotControlButTab("Bearer abc\tdef")).isTrue();
		assertThat(RequestFirewall.assignedAndNotControl("Bearer abc\tdef")).isFalse();
		assertThat(RequestFirewall.assignedAndNotControlButTab("a\nb")).isFalse();
		assertThat(RequestFirewall.assignedAndNotControlButTab("a\u0085b")).isFalse();
		assertThat(RequestFirewall.assignedAndNotControlButTab("application/fhir+json; fhirVersion=4.0")).isTrue();
	}

	private static void judgeAlike(Predicate<String> ours, Predicate<String> spring) {
		int differences = 0;
		for (int point = 0; point <= Character.MAX_CODE_POINT; point++) {
			String alone = new String(Character.toChars(point));
			for (String text : new String[] { alone, "Accept-" + alone + "json" }) {
				if (ours.test(text) != spring.test(text)) {
					differences++;
				}
			}
		}
		for (String text : new String[] { "", "\uD800", "a\uDC00b", "\uDBFF\uDFFF", "\uD83D\uDE00 ok" }) {
			assertThat(ours.test(text)).as(text).isEqualTo(spring.test(text));
		}
		assertThat(differences).isZero();
	}

}
