package org.careplanfhir.server.web;

/**
 * The documentation the FHIR endpoint serves to anyone, like its CapabilityStatement: the OpenAPI
 * document generated from the CapabilityStatement and the Swagger UI that reads it. Neither holds
 * data; the security chain lets them through, and the audit trail and read cache leave them alone.
 */
public final class FhirDocumentationPaths {

	public static final String API_DOCS = "/fhir/api-docs";

	public static final String SWAGGER_UI = "/fhir/swagger-ui/";

	private FhirDocumentationPaths() {
	}

	/** Whether a path (without the context path) is one of them. */
	public static boolean contains(String path) {
		return path.equals(API_DOCS) || path.startsWith(SWAGGER_UI);
	}

}
