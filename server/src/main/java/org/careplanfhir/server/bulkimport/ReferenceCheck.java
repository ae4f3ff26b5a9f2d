package org.careplanfhir.server.bulkimport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Which lines of a run can be stored now: those whose references all name a resource that is
 * stored already (by this import, or before it) or that is in the same run. The others would only
 * fail their transaction (HAPI refuses a reference to a resource it does not hold) and are kept for
 * later instead; finding them costs one lookup of the run's unknown targets, a failed transaction
 * costs the validation of every line in it. Files of one type each make such lines common: a care
 * plan names its referrals, which name the care plan.
 */
class ReferenceCheck {

	/** A literal relative reference, the only kind that must name a stored resource. */
	static final Pattern LITERAL = Pattern.compile("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}");

	private final FhirContext fhirContext;

	private final IIdHelperService<?> ids;

	private final IHapiTransactionService transactions;

	ReferenceCheck(FhirContext fhirContext, IIdHelperService<?> ids, IHapiTransactionService transactions) {
		this.fhirContext = fhirContext;
		this.ids = ids;
		this.transactions = transactions;
	}

	/**
	 * The literal references of a resource ({@code Type/id}, without its own), and whether they are
	 * all it has: every other reference names nothing (an identifier or a display only), and it holds
	 * no contained resource. Only then does HAPI's extractor index it without resolving anything
	 * first (a conditional reference is a search, an absolute or {@code urn:} one a rewrite), which
	 * the {@link DirectWriter} needs.
	 */
	Targets targetsOf(Resource resource) {
		boolean onlyLiteral = !(resource instanceof DomainResource domain && domain.hasContained());
		Set<String> literal = new LinkedHashSet<>();
		for (Reference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
			String target = reference.getReference();
			if (target == null) {
				continue;
			}
			if (LITERAL.matcher(target).matches()) {
				literal.add(target);
			}
			else {
				onlyLiteral = false;
			}
		}
		literal.remove(resource.fhirType() + "/" + resource.getIdPart());
		return new Targets(literal, onlyLiteral);
	}

	/**
	 * Splits a run into the lines to store now and those to keep for later.
	 * @param referencesOf a line's literal references, as {@link #targetsOf} gives them
	 * @param idOf a line's own {@code Type/id}, or null
	 * @param storedByImport what this import has stored so far, as {@code Type/id}
	 */
	<T> Split<T> split(List<T> lines, Function<T, Set<String>> referencesOf, Function<T, String> idOf,
			Set<String> storedByImport) {
		Set<String> inRun = new HashSet<>();
		lines.stream().map(idOf).filter(Objects::nonNull).forEach(inRun::add);
		Set<String> unknown = new HashSet<>();
		lines.forEach(line -> referencesOf.apply(line).stream()
			.filter(target -> !inRun.contains(target) && !storedByImport.contains(target))
			.forEach(unknown::add));
		// Until nothing changes: a line that names a line kept for later waits too.
		Set<String> waiting = unknown.isEmpty() ? new HashSet<>() : notStored(unknown);
		List<T> now = new ArrayList<>(lines);
		List<T> later = new ArrayList<>();
		boolean changed = !waiting.isEmpty();
		while (changed) {
			changed = false;
			for (T line : List.copyOf(now)) {
				if (referencesOf.apply(line).stream().anyMatch(waiting::contains)) {
					now.remove(line);
					later.add(line);
					if (idOf.apply(line) != null) {
						waiting.add(idOf.apply(line));
					}
					changed = true;
				}
			}
		}
		return new Split<>(now, later);
	}

	private Set<String> notStored(Set<String> targets) {
		Set<String> missing = new HashSet<>(targets);
		missing.removeAll(stored(targets, ResolveIdentityMode.excludeDeleted().cacheOk()));
		return missing;
	}

	/** Which of these {@code Type/id} are taken: stored, or stored and deleted since. */
	Set<String> taken(Collection<String> typedIds) {
		return typedIds.isEmpty() ? Set.of() : stored(typedIds, ResolveIdentityMode.includeDeleted().cacheOk());
	}

	private Set<String> stored(Collection<String> typedIds, ResolveIdentityMode mode) {
		List<IIdType> asked = typedIds.stream().<IIdType>map(IdType::new).toList();
		Set<String> found = new HashSet<>();
		transactions.withSystemRequest().readOnly().execute(() -> {
			ids.resolveResourceIdentities(RequestPartitionId.allPartitions(), asked, mode)
				.keySet()
				.forEach(id -> found.add(id.toUnqualifiedVersionless().getValue()));
			return null;
		});
		return found;
	}

	/** A resource's literal references, and whether it holds no other kind. */
	record Targets(Set<String> literal, boolean onlyLiteral) {
	}

	record Split<T>(List<T> now, List<T> later) {
	}

}
