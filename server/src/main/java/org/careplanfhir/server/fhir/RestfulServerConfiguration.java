package org.careplanfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The FHIR REST endpoint at {@code /fhir}. Providers and interceptors arrive through
 * {@link FhirServerCustomizer}s, HAPI's own ones first. HAPI's {@link RestfulServer} is
 * deliberately not a bean: see {@link DeferredServlet}.
 */
@Configuration(proxyBeanMethods = false)
class RestfulServerConfiguration {

	static final String SERVER_NAME = "Careplan FHIR Server";

	@Bean
	ServletRegistrationBean<DeferredServlet> fhirServlet(ObjectProvider<FhirContext> fhirContext,
			FhirServerProperties properties, ObjectProvider<FhirServerCustomizer> customizers,
			ObjectProvider<CompartmentSearches> compartmentSearches, ObjectProvider<SystemSearch> systemSearch) {
		DeferredServlet servlet = new DeferredServlet(() -> newRestfulServer(fhirContext.getObject(), properties, customizers,
				compartmentSearches.getObject(), systemSearch.getObject()));
		ServletRegistrationBean<DeferredServlet> registration = new ServletRegistrationBean<>(servlet, "/fhir/*");
		registration.setName("fhir");
		// Initialise at start-up so that the first client request does not pay for it.
		registration.setLoadOnStartup(1);
		return registration;
	}

	private static RestfulServer newRestfulServer(FhirContext fhirContext, FhirServerProperties properties,
			ObjectProvider<FhirServerCustomizer> customizers, CompartmentSearches compartmentSearches, SystemSearch systemSearch) {
		// Narratives are the author's; the server never invents one.
		fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());
		RestfulServer server = new RestfulServer(fhirContext) {

			// HAPI announces its name and version in X-Powered-By on every answer; that tells an
			// attacker which published vulnerabilities to try, and a client nothing it needs.
			@Override
			public void addHeadersToResponse(HttpServletResponse response) {
			}

			// Patient/123/CarePlan and [base]?_type=CarePlan have no handler of HAPI's; each becomes
			// the type search it stands for.
			@Override
			public void populateRequestDetailsFromRequestPath(RequestDetails request, String path) {
				super.populateRequestDetailsFromRequestPath(request, path);
				compartmentSearches.rewrite(request);
				systemSearch.asTypeSearch(request);
			}

		};
		server.setServerName(SERVER_NAME);
		server.setServerVersion(RestfulServerConfiguration.class.getPackage().getImplementationVersion());
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		IServerAddressStrategy address = StringUtils.hasText(properties.serverAddress())
				? new HardcodedServerAddressStrategy(properties.serverAddress()) : new IncomingRequestAddressStrategy();
		server.setServerAddressStrategy(properties.forwardedLinks() ? new ForwardedAddress(address) : address);
		customizers.orderedStream().forEach(customizer -> customizer.customize(server));
		return server;
	}

}
