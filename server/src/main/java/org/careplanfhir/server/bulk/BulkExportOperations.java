package org.careplanfhir.server.bulk;

import java.io.IOException;

import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Bulk Data Access 2.0's operations: the kick-off at every level ({@link ExportKickOff}) and the
 * status URL it answers with ({@link ExportStatusPoll}). The export itself is HAPI's batch job.
 * Parameters are read by the kick-off, not declared here one by one, so that one place checks them
 * all, the unknown ones included.
 */
class BulkExportOperations {

	static final String EXPORT_DEFINITION = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export";

	static final String PATIENT_EXPORT_DEFINITION = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export";

	static final String GROUP_EXPORT_DEFINITION = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export";

	private final ExportKickOff kickOff;

	private final ExportStatusPoll status;

	BulkExportOperations(ExportKickOff kickOff, ExportStatusPoll status) {
		this.kickOff = kickOff;
		this.status = status;
	}

	@Description(shortDefinition = "Exports every resource the backend's scopes allow, as NDJSON files")
	@Operation(name = ProviderConstants.OPERATION_EXPORT, manualResponse = true, idempotent = true, canonicalUrl = EXPORT_DEFINITION)
	public void exportEverything(ServletRequestDetails request) throws IOException {
		kickOff.start(ExportLevel.SYSTEM, null, request);
	}

	@Description(shortDefinition = "Exports every patient's record, or those of the patients named in 'patient'")
	@Operation(name = ProviderConstants.OPERATION_EXPORT, typeName = "Patient", manualResponse = true, idempotent = true,
			canonicalUrl = PATIENT_EXPORT_DEFINITION)
	public void exportPatients(ServletRequestDetails request) throws IOException {
		kickOff.start(ExportLevel.ALL_PATIENTS, null, request);
	}

	@Description(shortDefinition = "Exports one patient's record")
	@Operation(name = ProviderConstants.OPERATION_EXPORT, typeName = "Patient", manualResponse = true, idempotent = true)
	public void exportPatient(@IdParam IIdType patient, ServletRequestDetails request) throws IOException {
		kickOff.start(ExportLevel.ONE_PATIENT, patient, request);
	}

	@Description(shortDefinition = "Exports the records of a group's members, or of those named in 'patient'")
	@Operation(name = ProviderConstants.OPERATION_EXPORT, typeName = "Group", manualResponse = true, idempotent = true,
			canonicalUrl = GROUP_EXPORT_DEFINITION)
	public void exportGroup(@IdParam IIdType group, ServletRequestDetails request) throws IOException {
		kickOff.start(ExportLevel.GROUP, group, request);
	}

	@Description(shortDefinition = "An export's status: 202 while it runs, 200 and the manifest when done; DELETE cancels or deletes it")
	@Operation(name = ProviderConstants.OPERATION_EXPORT_POLL_STATUS, manualResponse = true, idempotent = true, deleteEnabled = true)
	public void exportStatus(
			@OperationParam(name = JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID, typeName = "string", min = 0, max = 1)
					IPrimitiveType<String> jobId,
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
