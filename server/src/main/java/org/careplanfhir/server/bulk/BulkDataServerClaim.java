package org.careplanfhir.server.bulk;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;

import org.careplanfhir.server.web.RequestPipeline;

/**
 * The CapabilityStatement says what Bulk Data clients look for: it {@code instantiates} the Bulk
 * Data Access server statement, and each {@code export} operation points to the IG's definition
 * for its level (system, Patient, Group) rather than to one definition HAPI would generate for all.
 */
@Interceptor
class BulkDataServerClaim {

	static final String BULK_DATA_SERVER = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data";

	private static final String EXPORT = "export";

	@Hook(value = Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED, order = RequestPipeline.RESPONSE_SHAPING)
	public void claimBulkData(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capabilities)) {
			return;
		}
		if (!capabilities.hasInstantiates(BULK_DATA_SERVER)) {
			capabilities.addInstantiates(BULK_DATA_SERVER);
		}
		for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
			rest.getOperation().stream().filter(operation -> EXPORT.equals(operation.getName()))
				.forEach(operation -> operation.setDefinition(BulkExportOperations.EXPORT_DEFINITION));
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				String definition = switch (resource.getType()) {
					case "Patient" -> BulkExportOperations.PATIENT_EXPORT_DEFINITION;
					case "Group" -> BulkExportOperations.GROUP_EXPORT_DEFINITION;
					default -> null;
				};
				for (CapabilityStatementRestResourceOperationComponent operation : resource.getOperation()) {
					if (EXPORT.equals(operation.getName()) && definition != null) {
						operation.setDefinition(definition);
					}
				}
			}
		}
	}

}
