package org.careplanfhir.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.careplanfhir.server.web.RequestPipeline;


/**
 * Declares SMART on FHIR in the CapabilityStatement: the {@code SMART-on-FHIR} security service
 * and the {@code oauth-uris} extension with the authorization server's endpoints.
 */
@Interceptor
class SmartCapabilityStatement implements FhirServerCustomizer {

	private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final SmartConfiguration smart;

	SmartCapabilityStatement(SmartConfiguration smart) {
		this.smart = smart;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED, order = RequestPipeline.RESPONSE_SHAPING)
	public void declareSmart(IBaseConformance statement, ServletRequestDetails request) {
		if (!(statement instanceof CapabilityStatement capabilities) || request == null) {
			return;
		}
		SmartConfiguration.Endpoints endpoints = smart.endpoints(request.getServletRequest());
		Extension uris = new Extension(OAUTH_URIS);
		addUri(uris, "authorize", endpoints.authorize());
		addUri(uris, "token", endpoints.token());
		addUri(uris, "introspect", endpoints.introspect());
		addUri(uris, "revoke", endpoints.revoke());
		capabilities.getRest().forEach(rest -> {
			CapabilityStatementRestSecurityComponent security = rest.getSecurity();
			security.setCors(true);
			security.addService(new CodeableConcept().addCoding(
					new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
							"SMART-on-FHIR", "SMART-on-FHIR")));
			security.setDescription("OAuth2 bearer tokens, per SMART App Launch 2.x; see .well-known/smart-configuration");
			security.addExtension(uris);
		});
	}

	private static void addUri(Extension uris, String name, String value) {
		if (value != null) {
			uris.addExtension(name, new UriType(value));
		}
	}

}
