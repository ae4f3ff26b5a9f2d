package org.careplanfhir.server.security.scopes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SmartScope;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * The second line of enforcement: HAPI's {@link AuthorizationInterceptor}, given one rule per
 * scope. It checks every resource a request returns ({@code _include}d, {@code _revinclude}d,
 * {@code $everything}, history, transaction entries) and every resource it writes against the
 * patients the scope is confined to; anything else fails the whole request with 403.
 */
@Interceptor(order = RequestPipeline.COMPARTMENT_CHECKS)
class CompartmentRules extends AuthorizationInterceptor {

	private static final String RULES_KEY = CompartmentRules.class.getName();

	private final FhirAccessResolver accessResolver;

	private final PatientCompartment compartment;

	private final ContributedPolicies policies;

	CompartmentRules(FhirAccessResolver accessResolver, PatientCompartment compartment, SearchParamMatcher matcher,
			ContributedPolicies policies) {
		super(PolicyEnum.DENY);
		this.accessResolver = accessResolver;
		this.compartment = compartment;
		this.policies = policies;
		setAuthorizationSearchParamMatcher(new AuthorizationSearchParamMatcher(matcher));
	}

	/** HAPI asks for the rules at every stage of a request; they are built once per request. */
	@Override
	@SuppressWarnings("unchecked")
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		return (List<IAuthRule>) request.getUserData().computeIfAbsent(RULES_KEY, key -> rulesFor(request));
	}

	/**
	 * A backend token that may read every type of every patient's data needs no check of what a
	 * response holds. Skipping it saves HAPI's walk through every resource of every bundle.
	 */
	@Override
	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = RequestPipeline.COMPARTMENT_CHECKS)
	public void hookPreShow(RequestDetails request, IPreResourceShowDetails details, Pointcut pointcut) {
		if (!readsEverything(request)) {
			super.hookPreShow(request, details, pointcut);
		}
	}

	@Override
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.COMPARTMENT_CHECKS)
	public void hookOutgoingResponse(RequestDetails request, IBaseResource response, Pointcut pointcut) {
		if (!readsEverything(request)) {
			super.hookOutgoingResponse(request, response, pointcut);
		}
	}

	/** Whether this resource would be shown to the request's caller, by the rules that check every answer. */
	boolean maySee(RequestDetails request, IBaseResource resource) {
		return readsEverything(request)
				|| applyRulesAndReturnDecision(RestOperationTypeEnum.READ, request, null, null, resource,
						Pointcut.STORAGE_PRESHOW_RESOURCES).getDecision() == PolicyEnum.ALLOW;
	}

	private boolean readsEverything(RequestDetails request) {
		return accessResolver.of(request).grantsEverything(Permission.READ);
	}

	private List<IAuthRule> rulesFor(RequestDetails request) {
		FhirAccess access = accessResolver.of(request);
		RuleBuilder rules = new RuleBuilder();
		rules.allow().metadata();
		rules.allow().transaction().withAnyOperation().andApplyNormalRules();
		rules.allow().patch().allRequests();
		for (SmartScope scope : onesTheRulesCanHold(access)) {
			Set<String> patients = access.patientsOf(scope);
			if (scope.permissions().contains(Permission.READ) || scope.permissions().contains(Permission.SEARCH)) {
				allow(() -> rules.allow().read(), scope, patients);
			}
			if (scope.permissions().contains(Permission.CREATE) || scope.permissions().contains(Permission.UPDATE)) {
				allow(() -> rules.allow().write(), scope, patients);
			}
			if (scope.permissions().contains(Permission.DELETE)) {
				allow(() -> rules.allow().delete(), scope, patients);
			}
		}
		policies.allowResponses(rules, access);
		if (access.isBackendService()) {
			// Which operations a backend may run is decided by the scope gate; their responses are checked here.
			rules.allow().operation().withAnyName().atAnyLevel().andRequireExplicitResponseAuthorization();
		}
		return rules.build();
	}

	/**
	 * The token's scopes, with a payer-bound client's scopes on every type split into one per type of
	 * the patient compartment, leaving out the payer's own types: a Group or MeasureReport naming one
	 * of its members is not, for that, the payer's (the filtered scopes on those types decide).
	 */
	private List<SmartScope> onesTheRulesCanHold(FhirAccess access) {
		if (access.payer() == null) {
			return access.scopes();
		}
		List<SmartScope> split = new ArrayList<>();
		for (SmartScope scope : access.scopes()) {
			if (!SmartScope.ANY_TYPE.equals(scope.resourceType()) || !access.confines(scope)
					|| scope.context() != SmartScope.Context.SYSTEM) {
				split.add(scope);
				continue;
			}
			compartment.members()
				.stream()
				.filter(type -> !FhirAccess.PAYER_RECORDS.containsKey(type))
				.forEach(type -> split.add(new SmartScope(scope.context(), type, scope.permissions(), scope.filter())));
			compartment.outsiders()
				.forEach(type -> split.add(new SmartScope(scope.context(), type, scope.permissions(), scope.filter())));
		}
		return split;
	}

	private void allow(Supplier<IAuthRuleBuilderRuleOp> rule, SmartScope scope, Set<String> patients) {
		boolean anyType = SmartScope.ANY_TYPE.equals(scope.resourceType());
		if (patients == null || (!anyType && !compartment.contains(scope.resourceType()))) {
			IAuthRuleBuilderRuleOpClassifier target = anyType ? rule.get().allResources()
					: rule.get().resourcesOfType(scope.resourceType());
			if (scope.filter() == null) {
				target.withAnyId();
			}
			else {
				target.withFilter(scope.filter());
			}
			return;
		}
		List<IIdType> owners = PatientCompartment.owners(patients);
		if (!owners.isEmpty()) {
			// R4's compartment plus the types case management adds to it (referral Tasks, by Task.for).
			var classifier = anyType ? rule.get().allResources() : rule.get().resourcesOfType(scope.resourceType());
			var inRecord = classifier.inModifiedCompartment(PatientCompartment.NAME, owners, compartment.additionsToR4());
			if (scope.filter() != null) {
				inRecord.withFilterTester(scope.filter());
			}
		}
		if (anyType) {
			// Practitioners, organizations, value sets: outside every compartment, readable when named.
			compartment.outsiders().forEach(type -> rule.get().resourcesOfType(type).withAnyId());
		}
	}

}
