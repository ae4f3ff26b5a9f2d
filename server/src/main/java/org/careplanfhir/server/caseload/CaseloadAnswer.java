package org.careplanfhir.server.caseload;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The answer of {@code $caseload}: a Bundle of type {@code collection} whose first entry is a
 * Parameters summary (one {@code case} per case, most urgent first, with what makes it urgent) and
 * whose other entries are the cases, their patients and the goals and tasks the summary names, each
 * once, with its full URL ({@link CaseFacts#records()}).
 */
final class CaseloadAnswer {

	private CaseloadAnswer() {
	}

	static Bundle of(String practitioner, List<CaseFacts> cases, Set<String> withheld, Instant now, String base) {
		Parameters summary = new Parameters();
		summary.addParameter().setName("practitioner").setValue(new Reference("Practitioner/" + practitioner));
		summary.addParameter().setName("asOf").setValue(new InstantType(Date.from(now)));
		summary.addParameter().setName("total").setValue(new IntegerType(cases.size()));
		for (String type : withheld) {
			ParametersParameterComponent not = summary.addParameter().setName("withheld");
			not.addPart().setName("type").setValue(new CodeType(type));
			not.addPart().setName("reason").setValue(new StringType("The token does not grant reading " + type
					+ " records; the caseload neither shows nor counts them."));
		}
		Map<String, Resource> records = new LinkedHashMap<>();
		for (CaseFacts facts : cases) {
			summary.addParameter(caseParameter(facts));
			facts.records().forEach(record -> records.putIfAbsent(reference(record), record));
		}
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(Date.from(now));
		bundle.addEntry().setResource(summary);
		records.forEach((reference, record) -> bundle.addEntry().setFullUrl(base + "/" + reference).setResource(record));
		return bundle;
	}

	private static ParametersParameterComponent caseParameter(CaseFacts facts) {
		ParametersParameterComponent parameter = new ParametersParameterComponent().setName("case");
		part(parameter, "episode", new Reference(reference(facts.activeCase.episode())));
		part(parameter, "involvement", new CodeType(facts.activeCase.involvement().code));
		part(parameter, "patient", patientReference(facts));
		if (facts.specialty() != null) {
			part(parameter, "specialty", facts.specialty().copy());
		}
		if (facts.acuity() != null) {
			part(parameter, "acuity", facts.acuity().copy());
		}
		if (facts.phase() != null) {
			part(parameter, "phase", facts.phase().copy());
		}
		if (facts.plan != null) {
			part(parameter, "carePlan", new Reference(reference(facts.plan)).setDisplay(facts.plan.hasTitle()
					? facts.plan.getTitle() : facts.specialty() == null ? null : facts.specialty().getDisplay()));
		}
		part(parameter, "urgency", new IntegerType(facts.urgency()));
		// A type the caller does not read has no count at all: zero would be a claim (see "withheld").
		if (facts.goalsShown) {
			countAndList(parameter, "overdueGoals", "overdueGoal", facts.overdueGoals);
			countAndList(parameter, "goalsAtRisk", "goalAtRisk", facts.goalsAtRisk);
		}
		if (facts.tasksShown) {
			countAndList(parameter, "referralsAwaiting", "referralAwaiting", facts.referralsAwaiting);
			countAndList(parameter, "authorizationsPending", "authorizationPending", facts.authorizationsPending);
		}
		if (facts.coverageStatus != null) {
			part(parameter, "coverage", new CodeType(facts.coverageStatus));
			if (facts.coverage != null) {
				part(parameter, "coverageRecord", new Reference(reference(facts.coverage))
					.setDisplay(facts.coverage.hasPayor() ? facts.coverage.getPayorFirstRep().getDisplay() : null));
			}
		}
		if (facts.contactsShown) {
			if (facts.lastContact != null) {
				part(parameter, "lastContact", new DateTimeType(Date.from(facts.lastContact)));
			}
			part(parameter, "contactOverdue", new BooleanType(facts.quiet));
		}
		return parameter;
	}

	private static Reference patientReference(CaseFacts facts) {
		Reference patient = facts.activeCase.episode().getPatient().copy();
		if (facts.patient != null && facts.patient.hasName()) {
			patient.setDisplay(facts.patient.getNameFirstRep().getNameAsSingleString());
		}
		return patient;
	}

	private static void countAndList(ParametersParameterComponent parameter, String count, String each,
			List<? extends Resource> records) {
		part(parameter, count, new IntegerType(records.size()));
		records.forEach(record -> part(parameter, each, new Reference(reference(record))));
	}

	private static void part(ParametersParameterComponent parameter, String name, Type value) {
		parameter.addPart().setName(name).setValue(value);
	}

	static String reference(Resource record) {
		return record.fhirType() + "/" + record.getIdElement().getIdPart();
	}

}
