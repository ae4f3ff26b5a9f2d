package org.careplanfhir.server.utilization;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * {@code Measure/[id]/$evaluate-measure} for the Measures this server ships: the figures come from
 * one aggregate query over the summary tables, counted over the records the caller may see (a
 * payer-bound client's members, a confined token's patients, or everyone for a backend), and for
 * the subject asked. With {@code persist=true} the report is also stored, so that it can be found
 * later by {@code measure}, {@code period}, {@code reporter} and {@code subject}.
 */
class EvaluateMeasureOperation {

	static final String NAME = "$evaluate-measure";

	private static final Set<String> UNDERSTOOD = Set.of("periodStart", "periodEnd", "reportType", "subject", "reporter",
			"persist");

	private final DaoRegistry daos;

	private final MeasureQueries queries;

	private final FhirAccessResolver accessResolver;

	EvaluateMeasureOperation(DaoRegistry daos, MeasureQueries queries, FhirAccessResolver accessResolver) {
		this.daos = daos;
		this.queries = queries;
		this.accessResolver = accessResolver;
	}

	@Operation(name = NAME, type = Measure.class, idempotent = true)
	public MeasureReport evaluate(@IdParam IdType id, RequestDetails request) {
		refuseUnknownParameters(request);
		Measure measure = daos.getResourceDao(Measure.class).read(id.toUnqualifiedVersionless(), request);
		MeasureDefinition definition = ShippedMeasures.byUrl(measure.getUrl())
			.orElseThrow(() -> new UnprocessableEntityException(id.toUnqualifiedVersionless().getValue() + " ("
					+ (measure.hasUrl() ? measure.getUrl() : "no url")
					+ ") is not a Measure this server computes; it computes the Measures of the careplan.fhir.cm package: "
					+ ShippedMeasures.all().stream().map(MeasureDefinition::url).sorted().collect(Collectors.joining(", "))));
		FhirAccess access = accessResolver.of(request);
		Refusals.require(access, definition.basis(), Permission.SEARCH);
		Evaluation evaluation = Evaluation.of(definition.url(), OperationInput.value(request, "periodStart"),
				OperationInput.value(request, "periodEnd"), OperationInput.value(request, "reportType"),
				OperationInput.value(request, "subject"), OperationInput.value(request, "reporter"), access.payer());
		boolean store = persist(OperationInput.value(request, "persist"));
		if (store && request.getRequestType() != RequestTypeEnum.POST) {
			throw new InvalidRequestException("Parameter 'persist': storing the report is a write, so it needs POST"
					+ " (a GET evaluates without storing)");
		}
		if (store) {
			Refusals.require(access, "MeasureReport", Permission.CREATE);
		}

		Set<String> patients = counted(evaluation, access, definition.basis());
		MeasureQueries.Figures figures = queries.figures(definition, evaluation.start(), evaluation.end(), patients);
		Map<String, List<String>> members = evaluation.reportType() == Evaluation.ReportType.SUBJECT_LIST
				? queries.members(definition, evaluation.start(), evaluation.end(), patients) : null;
		MeasureReport report = ReportWriter.write(definition, evaluation, figures, members);
		if (measure.hasImprovementNotation()) {
			report.setImprovementNotation(measure.getImprovementNotation());
		}
		if (store) {
			daos.getResourceDao(MeasureReport.class).create(report, request);
		}
		return report;
	}

	/**
	 * Whose records count: the subject's (a patient, or a group's active members), cut down to the
	 * patients the caller reaches; null for everyone.
	 */
	private Set<String> counted(Evaluation evaluation, FhirAccess access, String basis) {
		Set<String> reachable = access.grantsUnconfined(basis, Permission.SEARCH) ? null
				: access.confinedPatients(basis, Permission.SEARCH);
		if (evaluation.subject() == null) {
			return reachable;
		}
		IdType subject = new IdType(evaluation.subject());
		Set<String> chosen;
		if ("Patient".equals(subject.getResourceType())) {
			requireExisting(subject);
			chosen = Set.of(subject.getIdPart());
			if (reachable != null && !reachable.contains(subject.getIdPart())) {
				throw Refusals.because("Parameter 'subject': " + evaluation.subject()
						+ " is not among the patients the token reaches");
			}
		}
		else {
			Group group = (Group) requireExisting(subject);
			if (access.payer() != null && !access.payer().equals(
					group.getManagingEntity().getReferenceElement().toUnqualifiedVersionless().getValue())) {
				throw Refusals.because("Parameter 'subject': " + evaluation.subject() + " is not an attribution Group of "
						+ access.payer());
			}
			chosen = group.getMember().stream()
				.filter(member -> !member.getInactive())
				.map(member -> FactRows.idOf(member.getEntity(), "Patient"))
				.filter(patient -> patient != null)
				.collect(Collectors.toCollection(HashSet::new));
		}
		if (reachable == null) {
			return chosen;
		}
		Set<String> both = new HashSet<>(chosen);
		both.retainAll(reachable);
		return both;
	}

	private IBaseResource requireExisting(IdType subject) {
		try {
			return daos.getResourceDao(subject.getResourceType()).read(subject, new SystemRequestDetails());
		}
		catch (ResourceNotFoundException | ResourceGoneException absent) {
			throw new InvalidRequestException("Parameter 'subject': " + subject.getValue() + " is not on this server");
		}
	}

	private static void refuseUnknownParameters(RequestDetails request) {
		Set<String> given = new HashSet<>(request.getParameters().keySet());
		if (request.getResource() instanceof Parameters body) {
			body.getParameter().forEach(parameter -> given.add(parameter.getName()));
		}
		given.removeIf(name -> name.startsWith("_"));
		given.removeAll(UNDERSTOOD);
		if (!given.isEmpty()) {
			throw new InvalidRequestException("Unknown parameter(s) " + String.join(", ", given.stream().sorted().toList())
					+ " for $evaluate-measure; it takes periodStart, periodEnd, reportType, subject, reporter and persist");
		}
	}

	private static boolean persist(String value) {
		if (value == null || "false".equals(value)) {
			return false;
		}
		if ("true".equals(value)) {
			return true;
		}
		throw new InvalidRequestException("Parameter 'persist': true or false (was '" + value + "')");
	}

}
