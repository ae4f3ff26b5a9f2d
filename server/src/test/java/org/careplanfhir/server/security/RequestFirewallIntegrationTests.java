package org.careplanfhir.server.security;

import org.careplanfhir.server.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running server's filter chains use the firewall with our character rules
 * ({@link RequestFirewallTests} shows they judge as Spring Security's own).
 */
class RequestFirewallIntegrationTests extends FhirServerTest {

	@Autowired
	private FilterChainProxy filterChains;

	@Test
	void theFilterChainsUseOurFirewall() {
		// Spring's configurations wrap the filter chain proxy the firewall was given to, twice.
		Object proxy = filterChains;
		while (proxy.getClass() != FilterChainProxy.class) {
			proxy = ReflectionTestUtils.getField(proxy, "springSecurityFilterChain");
		}
		Object firewall = ReflectionTestUtils.getField(proxy, "firewall");
		assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderValues"))
			.isNotSameAs(StrictHttpFirewall.ALLOWED_HEADER_VALUES).isNotNull();
	}

}
