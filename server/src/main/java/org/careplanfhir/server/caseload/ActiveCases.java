package org.careplanfhir.server.caseload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.PractitionerRole;

/**
 * A practitioner's active cases: the active EpisodeOfCare records whose care manager is the
 * practitioner (or one of their roles), and those of the active CareTeams the practitioner is on.
 * A team names its case with the workflow-episodeOfCare extension, or the case names its team; both
 * are followed. A handful of queries whatever the size of the caseload.
 */
final class ActiveCases {

	private static final List<String> ACTIVE = List.of("active");

	static final String EPISODE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare";

	/** How the practitioner takes part in a case. */
	enum Involvement {
		CARE_MANAGER("care-manager"), TEAM_MEMBER("team-member");

		final String code;

		Involvement(String code) {
			this.code = code;
		}
	}

	/** An active case and how the practitioner is involved in it. */
	record ActiveCase(EpisodeOfCare episode, Involvement involvement) {

		String id() {
			return episode.getIdElement().getIdPart();
		}

		String patient() {
			return episode.getPatient().getReferenceElement().getIdPart();
		}

	}

	private final Searches searches;

	private final StoredRecords store;

	ActiveCases(Searches searches, StoredRecords store) {
		this.searches = searches;
		this.store = store;
	}

	List<ActiveCase> of(String practitionerId) {
		Set<String> identities = identitiesOf(practitionerId);
		Map<String, ActiveCase> cases = new LinkedHashMap<>();
		// R4's care-manager parameter indexes Practitioners only; a case managed by a role is found through its team.
		store.referring(EpisodeOfCare.class, "EpisodeOfCare.careManager.where(resolve() is Practitioner)", "Practitioner",
				List.of(practitionerId), "status", ACTIVE)
			.forEach(episode -> cases.put(idOf(episode), new ActiveCase(episode, Involvement.CARE_MANAGER)));
		Set<String> namedEpisodes = new LinkedHashSet<>();
		Set<String> unnamedTeams = new LinkedHashSet<>();
		Set<String> patientsOfUnnamed = new LinkedHashSet<>();
		byType(identities).forEach((type, ids) -> {
			for (StoredRecords.Team team : store.activeTeamsOf(type, ids)) {
				if (team.episode() != null) {
					namedEpisodes.add(team.episode());
				}
				else if (team.patient() != null) {
					unnamedTeams.add("CareTeam/" + team.id());
					patientsOfUnnamed.add(team.patient());
				}
			}
		});
		namedEpisodes.removeAll(cases.keySet());
		List<EpisodeOfCare> ofTeams = new ArrayList<>(store.byIds(EpisodeOfCare.class, namedEpisodes));
		store.referring(EpisodeOfCare.class, "EpisodeOfCare.patient", "Patient", patientsOfUnnamed, "status", ACTIVE)
			.stream()
			.filter(episode -> episode.getTeam().stream()
				.anyMatch(team -> unnamedTeams.contains(team.getReferenceElement().toUnqualifiedVersionless().getValue())))
			.forEach(ofTeams::add);
		for (EpisodeOfCare episode : ofTeams) {
			if (episode.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ACTIVE) {
				continue;
			}
			String manager = episode.getCareManager().getReferenceElement().toUnqualifiedVersionless().getValue();
			cases.putIfAbsent(idOf(episode), new ActiveCase(episode,
					identities.contains(manager) ? Involvement.CARE_MANAGER : Involvement.TEAM_MEMBER));
		}
		return List.copyOf(cases.values());
	}

	/** {@code Type/id} references grouped by type: the store is asked per type. */
	private static Map<String, List<String>> byType(Set<String> references) {
		Map<String, List<String>> byType = new LinkedHashMap<>();
		for (String reference : references) {
			int slash = reference.indexOf('/');
			byType.computeIfAbsent(reference.substring(0, slash), type -> new ArrayList<>()).add(reference.substring(slash + 1));
		}
		return byType;
	}

	/** The practitioner and their active roles: a case may name either. */
	private Set<String> identitiesOf(String practitionerId) {
		Set<String> identities = new LinkedHashSet<>();
		identities.add("Practitioner/" + practitionerId);
		searches.find(PractitionerRole.class, Searches.query()
			.add(PractitionerRole.SP_PRACTITIONER, Searches.anyOf("Practitioner", List.of(practitionerId))))
			.stream()
			.filter(role -> !role.hasActive() || role.getActive())
			.forEach(role -> identities.add("PractitionerRole/" + role.getIdElement().getIdPart()));
		return identities;
	}

	private static String idOf(EpisodeOfCare episode) {
		return episode.getIdElement().getIdPart();
	}

}
