package org.careplanfhir.server.conformance.compiled;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Resource;

/**
 * The fast path of write validation: the profiles and the base specification compiled into direct
 * checks over HAPI's model (cardinality, types, fixed and pattern values, slices, required and
 * extensible bindings to value sets the server can enumerate, codes of code systems it holds,
 * reference targets, extension contexts, primitive formats, narrative, invariants with their
 * FHIRPath parsed once). It answers only "this resource conforms" or "ask the reference validator":
 * it never rejects by itself, so every error a client sees is the HL7 validator's own, worded and
 * located by it. What it does not implement it hands over rather than guesses; a differential test
 * holds its acceptances to the reference's verdicts. It compiles the base specification's definitions
 * and the case-management package's, the ones that test covers; a resource claiming another package's
 * profile (US Core, say) or carrying its extensions goes to the reference validator.
 */
public final class CompiledChecks {

	/**
	 * The resource types the compiled checks take: the case-management records and those around them,
	 * and the payers' MeasureReports, which the reference validator also holds to their Measure (so do
	 * these checks: {@link MeasureReportCheck}). Others (Observation, whose vital signs the reference
	 * validator checks against profiles no resource claims; Bundle, Questionnaire and the conformance
	 * resources, which it checks with rules of their own) always go to the reference validator.
	 */
	public static final Set<String> TYPES = Set.of("Patient", "Practitioner", "PractitionerRole", "Organization",
			"RelatedPerson", "CarePlan", "CareTeam", "Goal", "ServiceRequest", "Task", "EpisodeOfCare", "Condition",
			"Coverage", "Encounter", "Communication", "Appointment", "Procedure", "Provenance", "Group", "Location",
			"MeasureReport");

	private final Definitions definitions;

	private final Set<String> resourceTypes;

	private final MeasureReportCheck measureReports;

	public CompiledChecks(FhirContext fhirContext, IValidationSupport validationSupport) {
		this.definitions = new Definitions(fhirContext, validationSupport);
		this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
		this.measureReports = new MeasureReportCheck(definitions::measure);
	}

	/** Drops the value set expansions, code system answers and Measures looked up so far; the next check asks again. */
	public void forgetTerminology() {
		definitions.forgetTerminology();
	}

	/**
	 * Empty when the resource conforms to the base specification, the profiles it claims and the
	 * others given; otherwise why it must go to the reference validator (which may still accept it).
	 */
	public Optional<String> reasonToAskTheReference(IBaseResource resource, Collection<String> otherProfiles) {
		if (!(resource instanceof Resource r4) || !TYPES.contains(r4.fhirType())) {
			return Optional.of(resource.fhirType() + " is not among the compiled types");
		}
		List<String> profiles = new ArrayList<>();
		for (IPrimitiveType<String> claimed : resource.getMeta().getProfile()) {
			String url = claimed.getValue();
			if (url == null) {
				return Optional.of("an empty profile claim");
			}
			profiles.add(StructureCompiler.withoutVersion(url));
			if (url.contains("|")) {
				return Optional.of("a versioned profile claim");
			}
		}
		for (String url : otherProfiles) {
			if (!profiles.contains(url)) {
				profiles.add(url);
			}
		}
		for (String url : profiles) {
			if (!Definitions.isCompiledFamily(url)) {
				return Optional.of("profile " + url + " is outside the compiled families");
			}
		}
		try {
			Optional<String> why = InstanceCheck.run(definitions, resourceTypes, r4, profiles);
			if (why.isEmpty() && r4 instanceof MeasureReport report) {
				why = measureReports.reasonToAskTheReference(report);
			}
			return why;
		}
		catch (RuntimeException e) {
			return Optional.of("the compiled checks failed: " + e);
		}
	}

}
