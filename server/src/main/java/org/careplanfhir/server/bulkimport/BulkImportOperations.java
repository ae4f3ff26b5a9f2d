package org.careplanfhir.server.bulkimport;

import java.io.IOException;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Bulk Data import's operations: the kick-off ({@link ImportKickOff}) and the status URL it answers
 * with ({@link ImportStatusPoll}). The kick-off reads its Parameters body itself, so that one place
 * checks them all.
 */
class BulkImportOperations {

	static final String IMPORT = "$import";

	static final String IMPORT_POLL_STATUS = "$import-poll-status";

	private final ImportKickOff kickOff;

	private final ImportStatusPoll status;

	BulkImportOperations(ImportKickOff kickOff, ImportStatusPoll status) {
		this.kickOff = kickOff;
		this.status = status;
	}

	@Description(shortDefinition = "Imports NDJSON files (from the server's import folder or uploaded as Binary),"
			+ " validating every line; POST with Prefer: respond-async")
	@Operation(name = IMPORT, manualResponse = true)
	public void importFiles(ServletRequestDetails request) throws IOException {
		kickOff.start(request);
	}

	@Description(shortDefinition = "An import's status: 202 while it runs, 200 and the manifest when done; DELETE cancels or forgets it")
	@Operation(name = IMPORT_POLL_STATUS, manualResponse = true, idempotent = true, deleteEnabled = true)
	public void importStatus(
			@OperationParam(name = ImportStatusPoll.JOB_ID, typeName = "string", min = 0, max = 1) IPrimitiveType<String> jobId,
			@OperationParam(name = ImportStatusPoll.ERRORS, typeName = "string", min = 0, max = 1) IPrimitiveType<String> errors,
			ServletRequestDetails request) throws IOException {
		String id = jobId == null ? null : jobId.getValueAsString();
		if (request.getRequestType() == RequestTypeEnum.DELETE) {
			status.delete(id, request);
		}
		else {
			status.status(id, request);
		}
	}

}
