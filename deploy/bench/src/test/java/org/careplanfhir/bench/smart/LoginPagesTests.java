package org.careplanfhir.bench.smart;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginPagesTests {

	private static final String CONSENT_PAGE = """
			<form method="post" action="/oauth2/authorize">
			  <input type="hidden" name="_csrf" value="c5f1-77"/>
			  <input type="hidden" name="authorizationRequest" value="response_type=code&amp;client_id=test-app"/>
			  <input type="checkbox" name="scope" checked id="scope-1" value="launch/patient"/>
			  <input type="checkbox" name="scope" checked id="scope-2" value="patient/*.rs"/>
			</form>""";

	@Test
	void readsTheFieldsABrowserSendsBack() {
		assertThat(LoginPages.csrf(CONSENT_PAGE)).isEqualTo("c5f1-77");
		assertThat(LoginPages.hidden(CONSENT_PAGE, "authorizationRequest"))
			.isEqualTo("response_type=code&client_id=test-app");
		assertThat(LoginPages.offeredScopes(CONSENT_PAGE)).containsExactly("launch/patient", "patient/*.rs");
	}

	@Test
	void aPageWithoutTheFieldIsAnErrorNamingIt() {
		assertThatThrownBy(() -> LoginPages.csrf("<html></html>")).hasMessageContaining("CSRF token");
	}

}
