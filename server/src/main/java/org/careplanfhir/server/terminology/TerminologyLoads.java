package org.careplanfhir.server.terminology;

import java.util.Set;

import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * The operations that load code systems from distribution files: {@code $upload-external-code-system}
 * and the delta operations. Other capabilities ask through this whether a write belongs to one.
 */
public final class TerminologyLoads {

	static final Set<String> OPERATIONS = Set.of(JpaConstants.OPERATION_UPLOAD_EXTERNAL_CODE_SYSTEM,
			JpaConstants.OPERATION_APPLY_CODESYSTEM_DELTA_ADD, JpaConstants.OPERATION_APPLY_CODESYSTEM_DELTA_REMOVE);

	private TerminologyLoads() {
	}

	/** Whether the request is one of the code-system load operations. */
	public static boolean isLoad(RequestDetails request) {
		return request != null && request.getOperation() != null && OPERATIONS.contains(request.getOperation());
	}

}
