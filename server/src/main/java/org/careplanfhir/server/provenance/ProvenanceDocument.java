package org.careplanfhir.server.provenance;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Provenance.ProvenanceAgentComponent;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.security.policy.FhirAccess;

/**
 * What a Provenance of ours says: the versions written, when, the activity (create, update or
 * delete, in HL7's v3 DataOperation codes), and its agents: the user as author, acting for their
 * organization when they act through one, and the client app as the device that wrote, acting for
 * the user. The patients whose records the targets lie in are named in {@code cm-provenance-patient}.
 */
class ProvenanceDocument {

	static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

	static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

	static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

	static final String PATIENT_EXTENSION = "http://careplan-fhir.org/fhir/StructureDefinition/cm-provenance-patient";

	/** Identifies an OAuth client by its {@code client_id}. */
	static final String CLIENT_SYSTEM = "https://careplan-fhir.org/sid/oauth-client";

	enum Activity {

		CREATE("CREATE", "create"), UPDATE("UPDATE", "revise"), DELETE("DELETE", "delete");

		final String code;

		final String display;

		Activity(String code, String display) {
			this.code = code;
			this.display = display;
		}

	}

	private final OrganizationOfUser organizations;

	ProvenanceDocument(OrganizationOfUser organizations) {
		this.organizations = organizations;
	}

	Provenance of(FhirAccess caller, Activity activity, List<String> targets, Set<String> patients, Date recorded) {
		Provenance provenance = new Provenance();
		targets.forEach(target -> provenance.addTarget(new Reference(target)));
		provenance.setRecorded(recorded);
		provenance.setActivity(new CodeableConcept(new Coding(DATA_OPERATION, activity.code, activity.display)));
		String user = caller.fhirUser();
		if (user != null) {
			ProvenanceAgentComponent author = provenance.addAgent()
				.setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")))
				.setWho(new Reference(user));
			organizations.of(caller).ifPresent(organization -> author.setOnBehalfOf(new Reference(organization)));
		}
		ProvenanceAgentComponent app = provenance.addAgent()
			.setType(new CodeableConcept(new Coding(PARTICIPATION_TYPE, "DEV", "device")))
			.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(caller.clientId()))
				.setDisplay("OAuth client " + caller.clientId()));
		if (user != null) {
			app.setOnBehalfOf(new Reference(user));
		}
		addPatients(provenance, patients);
		return provenance;
	}

	private static void addPatients(Provenance provenance, Collection<String> patients) {
		patients.forEach(patient -> provenance.addExtension(PATIENT_EXTENSION, new Reference(patient)));
	}

}
