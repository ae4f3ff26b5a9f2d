package org.careplanfhir.server.conformance;

import org.careplanfhir.server.conformance.rules.ProfilesCheckedElsewhere;
import org.careplanfhir.server.conformance.rules.WorkflowRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.careplanfhir.server.conformance.ValidationProperties.Mode;
import org.careplanfhir.server.conformance.ValidationProperties.UnknownProfile;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.terminology.TerminologyLoads;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * Checks every create, update and patch that comes through the FHIR endpoint, transaction entries
 * included, just before it is stored: profile validation as {@code careplan.validation.mode} says,
 * then the workflow rules. Anything wrong rejects the write with 422 and an OperationOutcome
 * listing every error; the hook runs inside the write's database transaction, so a failing entry
 * rolls back its whole transaction.
 */
@Component
@Interceptor
class ValidatingWrites implements FhirServerCustomizer {

	private final Mode mode;

	private final UnknownProfile unknownProfile;

	private final ProfileValidator validator;

	private final List<WorkflowRule> rules;

	private final FhirContext fhirContext;

	private final Set<String> checkedElsewhere = new java.util.HashSet<>();

	ValidatingWrites(ValidationProperties properties, ProfileValidator validator, List<WorkflowRule> rules,
			FhirContext fhirContext, List<ProfilesCheckedElsewhere> checkedElsewhere) {
		this.mode = properties.mode();
		this.unknownProfile = properties.unknownProfile();
		this.validator = validator;
		this.rules = rules;
		this.fhirContext = fhirContext;
		checkedElsewhere.forEach(capability -> this.checkedElsewhere.addAll(capability.profiles()));
	}

	@Override
	public void customize(RestfulServer server) {
		if (mode != Mode.OFF) {
			server.registerInterceptor(this);
			server.registerInterceptor(new WriteWarnings());
		}
	}

	// The terminology loaders store a CodeSystem they build themselves from distribution files (HAPI
	// leaves out its status); the client sent files, not that resource: nothing of theirs to validate.
	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.VALIDATION)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		if (!TerminologyLoads.isLoad(request)) {
			check(request, null, resource);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.VALIDATION)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (!TerminologyLoads.isLoad(request)) {
			check(request, previous, resource);
		}
	}

	private void check(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		OperationOutcome outcome = new OperationOutcome();
		Set<String> declared = declaredProfiles(resource);
		Set<String> implied = impliedProfiles(resource);
		if (mode == Mode.STRICT || !declared.isEmpty()) {
			ProfileValidator.Findings findings = validator.validate(resource, implied);
			for (ProfileValidator.ProfileError error : findings.errors()) {
				addIssue(outcome, IssueType.PROCESSING, error.location(), error.message());
			}
			for (ProfileValidator.ProfileError unchecked : findings.notChecked()) {
				WriteWarnings.add(request, resource, unchecked.location(), unchecked.message());
			}
			for (String unknown : declared.isEmpty() ? List.<String>of() : validator.unknownProfiles(resource)) {
				if (checkedElsewhere.contains(unknown)) {
					continue;
				}
				String where = fhirContext.getResourceType(resource) + ".meta.profile";
				switch (unknownProfile) {
					case REJECT -> addIssue(outcome, IssueType.PROCESSING, where, "Profile " + unknown
							+ " is not known to this server: install the package that defines it");
					case WARN -> WriteWarnings.add(request, resource, where, "Profile " + unknown
							+ " is not known to this server: the resource was stored without being checked against it");
					case IGNORE -> {
					}
				}
			}
		}
		for (WorkflowRule rule : rules) {
			for (WorkflowRule.RuleViolation violation : rule.check(request, previous, resource)) {
				addIssue(outcome, IssueType.BUSINESSRULE, violation.expression(),
						violation.rule() + ": " + violation.message());
			}
		}
		if (outcome.hasIssue()) {
			// The first issue sums up all the others: batch responses and logs carry only that one.
			outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
				.setSeverity(IssueSeverity.ERROR)
				.setCode(IssueType.INVALID)
				.setDiagnostics(summary(resource, union(declared, implied), outcome)));
			throw new UnprocessableEntityException(fhirContext, outcome);
		}
	}

	private String summary(IBaseResource resource, Set<String> profiles, OperationOutcome outcome) {
		StringBuilder summary = new StringBuilder(fhirContext.getResourceType(resource)).append(" was not stored: ")
			.append(outcome.getIssue().size())
			.append(outcome.getIssue().size() == 1 ? " error" : " errors")
			.append(" (checked against the base specification")
			.append(profiles.isEmpty() ? "" : ", " + String.join(", ", profiles))
			.append(" and the workflow rules)");
		for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
			summary.append("; ");
			if (issue.hasExpression()) {
				summary.append(issue.getExpression().get(0).getValue()).append(": ");
			}
			summary.append(issue.getDiagnostics());
		}
		return summary.toString();
	}

	/** The profile a case-management specialty code implies, checked in strict mode even if not claimed. */
	private Set<String> impliedProfiles(IBaseResource resource) {
		Set<String> implied = new LinkedHashSet<>();
		if (mode == Mode.STRICT) {
			SpecialtyProfiles.impliedBy(resource).ifPresent(implied::add);
		}
		return implied;
	}

	private static Set<String> declaredProfiles(IBaseResource resource) {
		Set<String> declared = new LinkedHashSet<>();
		for (IPrimitiveType<String> profile : resource.getMeta().getProfile()) {
			declared.add(profile.getValue());
		}
		return declared;
	}

	private static Set<String> union(Set<String> first, Set<String> second) {
		Set<String> union = new LinkedHashSet<>(first);
		union.addAll(second);
		return union;
	}

	private static void addIssue(OperationOutcome outcome, IssueType type, String expression, String message) {
		OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
			.setSeverity(IssueSeverity.ERROR)
			.setCode(type)
			.setDiagnostics(message);
		if (expression != null) {
			issue.setExpression(new ArrayList<>(List.of(new StringType(expression))));
		}
	}

}
