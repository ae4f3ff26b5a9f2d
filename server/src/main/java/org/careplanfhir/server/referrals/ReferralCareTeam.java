package org.careplanfhir.server.referrals;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.web.RequestPipeline;

/**
 * Keeps the case's CareTeam in step with its referrals: when the owner accepts a referral it joins
 * the team (from now, in the role the referral asked for), and when the referral completes, fails
 * or is withdrawn its membership ends. The team is the one the referred-for care plan names, else
 * the one of the referral's case (episode), else the patient's only active team. The change is
 * written in the referral's own transaction: both are stored, or neither.
 */
@Interceptor
class ReferralCareTeam {

	private static final Logger log = LoggerFactory.getLogger(ReferralCareTeam.class);

	static final String EPISODE = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";

	private final DaoRegistry daos;

	ReferralCareTeam(DaoRegistry daos) {
		this.daos = daos;
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created(IBaseResource resource) {
		keepInStep(null, resource);
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated(IBaseResource previous, IBaseResource resource) {
		keepInStep(previous, resource);
	}

	private void keepInStep(IBaseResource previous, IBaseResource resource) {
		if (!ReferralStates.isReferral(resource) || !((Task) resource).hasOwner()) {
			return;
		}
		Task task = (Task) resource;
		TaskStatus was = previous instanceof Task old ? old.getStatus() : null;
		TaskStatus now = task.getStatus();
		boolean joins = ReferralStates.onTeam(now) && !ReferralStates.onTeam(was);
		boolean leaves = ReferralStates.done(now) && ReferralStates.onTeam(was);
		if (!joins && !leaves) {
			return;
		}
		Optional<ServiceRequest> referral = focus(task);
		Optional<CareTeam> team = referral.flatMap(request -> teamOf(request, task));
		if (team.isEmpty()) {
			log.info("{}: no care team to keep in step (the referral names no care plan or case with one)",
					task.getIdElement().toUnqualifiedVersionless());
			return;
		}
		CareTeam careTeam = team.get();
		String owner = task.getOwner().getReferenceElement().toUnqualifiedVersionless().getValue();
		Optional<CareTeamParticipantComponent> current = careTeam.getParticipant().stream()
			.filter(participant -> owner.equals(reference(participant.getMember())))
			.filter(participant -> !participant.getPeriod().hasEnd())
			.findFirst();
		if (joins && current.isEmpty()) {
			CareTeamParticipantComponent participant = careTeam.addParticipant()
				.setMember(new Reference(owner))
				.setPeriod(new Period().setStart(new Date()));
			referral.filter(ServiceRequest::hasPerformerType).ifPresent(request -> participant.addRole(request.getPerformerType()));
			participant.getMember().setDisplay(task.getOwner().getDisplay());
		}
		else if (leaves && current.isPresent()) {
			current.get().getPeriod().setEnd(new Date());
		}
		else {
			return;
		}
		daos.getResourceDao(CareTeam.class).update(careTeam, new SystemRequestDetails());
	}

	private Optional<ServiceRequest> focus(Task task) {
		org.hl7.fhir.instance.model.api.IIdType focus = task.getFocus().getReferenceElement();
		if (!"ServiceRequest".equals(focus.getResourceType()) || !focus.hasIdPart()) {
			return Optional.empty();
		}
		try {
			return Optional.of(daos.getResourceDao(ServiceRequest.class).read(focus.toUnqualifiedVersionless(),
					new SystemRequestDetails()));
		}
		catch (RuntimeException gone) {
			return Optional.empty();
		}
	}

	private Optional<CareTeam> teamOf(ServiceRequest referral, Task task) {
		for (Reference basedOn : referral.getBasedOn()) {
			if ("CarePlan".equals(basedOn.getReferenceElement().getResourceType())) {
				Optional<CareTeam> team = read(CarePlan.class, basedOn).stream()
					.flatMap(plan -> plan.getCareTeam().stream())
					.map(reference -> read(CareTeam.class, reference))
					.flatMap(Optional::stream)
					.filter(candidate -> candidate.getStatus() == CareTeam.CareTeamStatus.ACTIVE)
					.findFirst();
				if (team.isPresent()) {
					return team;
				}
			}
		}
		String patient = reference(task.getFor());
		if (patient == null) {
			return Optional.empty();
		}
		List<CareTeam> active = daos.getResourceDao(CareTeam.class)
			.searchForResources(SearchParameterMap.newSynchronous()
				.add(CareTeam.SP_PATIENT, new ReferenceParam(patient))
				.add(CareTeam.SP_STATUS, new TokenParam("active")), new SystemRequestDetails());
		Extension episode = referral.getExtensionByUrl(EPISODE);
		if (episode != null && episode.getValue() instanceof Reference caseReference) {
			Optional<CareTeam> ofCase = active.stream()
				.filter(team -> team.getExtensionsByUrl(EPISODE).stream()
					.anyMatch(e -> e.getValue() instanceof Reference r && reference(caseReference).equals(reference(r))))
				.findFirst();
			if (ofCase.isPresent()) {
				return ofCase;
			}
		}
		return active.size() == 1 ? Optional.of(active.get(0)) : Optional.empty();
	}

	private <T extends IBaseResource> Optional<T> read(Class<T> type, Reference reference) {
		try {
			return Optional.of(daos.getResourceDao(type).read(reference.getReferenceElement().toUnqualifiedVersionless(),
					new SystemRequestDetails()));
		}
		catch (RuntimeException gone) {
			return Optional.empty();
		}
	}

	private static String reference(Reference reference) {
		return reference == null || !reference.hasReferenceElement() ? null
				: reference.getReferenceElement().toUnqualifiedVersionless().getValue();
	}

}
