package org.careplanfhir.server.audit;

import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The oracle for {@link AuditEventJson}: the same event built as HAPI's model, field by field, for
 * HAPI's encoder to write.
 */
final class AuditEventDocument {

	private static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";

	private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";

	private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

	private AuditEventDocument() {
	}

	static AuditEvent of(long id, AuditRecord record) {
		AuditedAction action = record.action();
		AuditEvent event = new AuditEvent();
		event.setId(Long.toString(id));
		event.setType(new Coding(action.typeSystem(), action.typeCode(), action.typeDisplay()));
		event.addSubtype(new Coding(action.subtypeSystem(), action.subtypeCode(), action.subtypeDisplay()));
		event.setAction(AuditEventAction.fromCode(action.action()));
		event.setRecorded(new Date(record.recordedMillis()));
		event.setOutcome(AuditEventOutcome.fromCode(Integer.toString(record.outcome())));
		if (record.reason() != null) {
			event.setOutcomeDesc(record.reason());
		}
		if (record.user() != null || record.subject() != null) {
			AuditEventAgentComponent user = event.addAgent()
				.setType(concept("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser",
						"human user"))
				.setRequestor(true);
			if (record.user() != null) {
				user.setWho(new Reference(record.user()));
			}
			else {
				user.setWho(new Reference().setDisplay(record.subject()));
			}
			user.setAltId(record.subject());
		}
		AuditEventAgentComponent client = event.addAgent()
			.setType(concept(DICOM, "110153", "Source Role ID"))
			.setRequestor(record.user() == null && record.subject() == null);
		if (record.client() != null) {
			client.setWho(new Reference().setIdentifier(new Identifier().setSystem(AuditEventJson.CLIENT_ID_SYSTEM).setValue(record.client()))
				.setDisplay(record.client()));
		}
		if (record.address() != null) {
			client.getNetwork().setAddress(record.address()).setType(AuditEventAgentNetworkType._2);
		}
		event.addAgent()
			.setType(concept(DICOM, "110152", "Destination Role ID"))
			.setWho(new Reference().setDisplay(AuditEventJson.SERVER_NAME))
			.setRequestor(false);
		event.getSource()
			.setObserver(new Reference().setDisplay(AuditEventJson.SERVER_NAME))
			.addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));
		if (record.patient() != null) {
			event.addEntity()
				.setWhat(new Reference(record.patient()))
				.setType(new Coding(ENTITY_TYPE, "1", "Person"))
				.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
		}
		for (String touched : record.entities()) {
			event.addEntity()
				.setWhat(new Reference(touched))
				.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
				.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
		}
		if (record.query() != null) {
			AuditEventEntityComponent query = event.addEntity()
				.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
				.setRole(new Coding(OBJECT_ROLE, "24", "Query"))
				.setQuery(record.query().getBytes(StandardCharsets.UTF_8));
			query.setName(record.name());
		}
		return event;
	}

	private static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept(new Coding(system, code, display));
	}

}
