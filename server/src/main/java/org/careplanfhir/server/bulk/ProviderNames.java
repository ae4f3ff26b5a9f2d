package org.careplanfhir.server.bulk;

import ca.uhn.fhir.rest.server.provider.ProviderConstants;

/** The operations' names as they appear in URLs. */
final class ProviderNames {

	static final String EXPORT = ProviderConstants.OPERATION_EXPORT;

	static final String POLL_STATUS = ProviderConstants.OPERATION_EXPORT_POLL_STATUS;

	private ProviderNames() {
	}

}
