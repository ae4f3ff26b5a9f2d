package org.careplanfhir.server.bulkimport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a run of an input's lines as one FHIR transaction through the endpoint's write path, so
 * that every write check of a client's transaction applies to each line: the caller's scopes,
 * profile validation, the workflow rules. A transaction is all or nothing, so when one is refused
 * its lines are split in halves and each half tried again, down to the single line that is to blame,
 * which goes to the error file with what the server said of it; the others are stored. A line whose
 * reference names a resource not stored yet (it may come later in the import) is handed back, to be
 * tried again once everything else is in. The lines of a run that are new resources go first, as one
 * batch, to the {@link DirectWriter} when there is one; the rest, or all of them if it refuses the
 * batch, come here.
 */
class TransactionWriter {

	private static final Logger log = LoggerFactory.getLogger(TransactionWriter.class);

	/** HAPI's words when a reference names no stored resource (HAPI-1094 and its cached variant). */
	private static final Pattern UNRESOLVED_REFERENCE = Pattern.compile("not.found, specified in path");

	private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

	private final FhirContext fhirContext;

	private final IFhirSystemDao<Bundle, ?> systemDao;

	private final ReferenceCheck references;

	private final int linesPerTransaction;

	/** Stores batches of new resources without HAPI's DAO; null to store every line through transactions. */
	private final DirectWriter direct;

	TransactionWriter(FhirContext fhirContext, IFhirSystemDao<Bundle, ?> systemDao, ReferenceCheck references,
			int linesPerTransaction, DirectWriter direct) {
		this.fhirContext = fhirContext;
		this.systemDao = systemDao;
		this.references = references;
		this.linesPerTransaction = linesPerTransaction;
		this.direct = direct;
	}

	/**
	 * Stores what it can of these lines, counting what it stored and keeping what it refused in the
	 * job.
	 * @param requests makes the request each transaction is made under, on the caller's behalf
	 * @param lastChance whether this is the end of the import: the lines that name each other are
	 * then stored together, in the same transaction, and an unresolved reference is an error
	 * @return the lines to try again later, whose references name resources not stored yet
	 */
	List<HeldLine> write(ImportJob job, List<ImportLine> lines, Supplier<RequestDetails> requests, boolean lastChance) {
		List<Parsed> parsed = new ArrayList<>(lines.size());
		for (ImportLine line : lines) {
			read(job, line).ifPresent(parsed::add);
		}
		List<HeldLine> later = new ArrayList<>();
		if (lastChance) {
			for (List<List<Parsed>> run : packed(connected(parsed, Parsed::id, Parsed::references))) {
				if (direct != null) {
					// The lines that name each other are new together: one batch stores them.
					Map<ImportLine, Parsed> left = new HashMap<>();
					storeDirectly(job, run.stream().flatMap(List::stream).toList(), requests)
						.forEach(line -> left.put(line.line(), line));
					run = run.stream()
						.map(group -> group.stream().map(line -> left.get(line.line())).filter(Objects::nonNull).toList())
						.filter(group -> !group.isEmpty())
						.toList();
				}
				store(job, run, requests, true, later);
			}
		}
		else {
			ReferenceCheck.Split<Parsed> split = references.split(parsed, Parsed::references, Parsed::id, job.storedIds());
			split.later().forEach(line -> later.add(line.held()));
			List<Parsed> now = split.now();
			if (direct != null) {
				now = storeDirectly(job, now, requests);
			}
			store(job, now.stream().map(List::of).toList(), requests, false, later);
		}
		return later;
	}

	/**
	 * Stores the lines that are new resources through the {@link DirectWriter}, as one batch; the
	 * lines left for transactions: the others (an update, a line without id, one whose references
	 * need resolving), or all of them if the batch is refused, so that the line to blame is found and
	 * refused as any transaction's would be. A numeric id is left to HAPI, which refuses it.
	 */
	private List<Parsed> storeDirectly(ImportJob job, List<Parsed> lines, Supplier<RequestDetails> requests) {
		if (direct == null || lines.isEmpty()) {
			return lines;
		}
		Map<String, Parsed> byId = new LinkedHashMap<>();
		Set<String> twice = new HashSet<>();
		for (Parsed line : lines) {
			if (line.id() != null && !NUMERIC.matcher(line.resource().getIdPart()).matches()
					&& !job.storedIds().contains(line.id()) && line.targets().onlyLiteral()
					&& byId.put(line.id(), line) != null) {
				twice.add(line.id());
			}
		}
		twice.forEach(byId::remove);
		references.taken(byId.keySet()).forEach(byId::remove);
		if (byId.isEmpty()) {
			return lines;
		}
		try {
			Set<String> named = new HashSet<>();
			byId.values().forEach(line -> named.addAll(line.references()));
			direct.store(byId.values().stream().map(Parsed::resource).toList(), named, requests.get());
		}
		catch (RuntimeException ex) {
			log.debug("Import {}: a batch of {} new resources was refused; its lines go through transactions", job.id(),
					byId.size(), ex);
			// Read again: the hooks that ran before the refusal may have changed the resources.
			return lines.stream().map(line -> byId.get(line.id()) == line ? parse(line.line()) : line).toList();
		}
		byId.values().forEach(line -> job.countStored(line.line().input(), line.id()));
		job.countStoredDirectly(byId.size());
		return lines.stream().filter(line -> byId.get(line.id()) != line).toList();
	}

	/**
	 * Lines held back in runs of about a transaction's lines, the lines that name each other in the
	 * same run, so that runs can be stored at once, each by {@link #write} with {@code lastChance}.
	 * Grouped by the ids and references read the first time: a line is parsed again only to be
	 * stored.
	 */
	List<List<ImportLine>> connectedRuns(List<HeldLine> heldBack) {
		return packed(connected(heldBack, HeldLine::id, HeldLine::references)).stream()
			.map(run -> run.stream().flatMap(List::stream).map(HeldLine::line).toList())
			.toList();
	}

	/** The line's resource; empty, and the line refused, if it is not a resource of its input's type. */
	private Optional<Parsed> read(ImportJob job, ImportLine line) {
		String declared = job.inputs().get(line.input()).type();
		try {
			Parsed parsed = parse(line);
			if (parsed.resource().fhirType().equals(declared)) {
				return Optional.of(parsed);
			}
			refuse(job, line, null, IssueType.INVALID, "the line holds a " + parsed.resource().fhirType()
					+ ", but the input is declared to hold " + declared, null);
		}
		catch (DataFormatException | ClassCastException ex) {
			refuse(job, line, null, IssueType.STRUCTURE, "the line is not a FHIR R4 resource in JSON: " + ex.getMessage(), null);
		}
		return Optional.empty();
	}

	private Parsed parse(ImportLine line) {
		Resource resource = (Resource) fhirContext.newJsonParser().parseResource(line.text());
		return new Parsed(line, resource, references.targetsOf(resource));
	}

	/**
	 * Stores groups of lines in one transaction; if it is refused, each half of the groups on its
	 * own, down to one group, whose lines are then tried one by one. A group is lines that name each
	 * other, which only one transaction can store.
	 */
	private void store(ImportJob job, List<List<Parsed>> groups, Supplier<RequestDetails> requests, boolean lastChance,
			List<HeldLine> later) {
		List<Parsed> lines = groups.stream().flatMap(List::stream).toList();
		if (lines.isEmpty()) {
			return;
		}
		try {
			systemDao.transaction(requests.get(), transactionOf(lines));
			lines.forEach(line -> job.countStored(line.line().input(), line.id()));
		}
		catch (RuntimeException ex) {
			if (groups.size() > 1) {
				int half = groups.size() / 2;
				store(job, groups.subList(0, half), requests, lastChance, later);
				store(job, groups.subList(half, groups.size()), requests, lastChance, later);
			}
			else if (lines.size() > 1) {
				store(job, lines.stream().map(List::of).toList(), requests, lastChance, later);
			}
			else {
				storeOrRefuse(job, lines.get(0), ex, requests, lastChance, later);
			}
		}
	}

	/** The lines that name each other, directly or not, in groups (union-find over their references). */
	private static <L> List<List<L>> connected(List<L> lines, Function<L, String> idOf,
			Function<L, Set<String>> referencesOf) {
		Map<String, L> byId = new HashMap<>();
		lines.stream().filter(line -> idOf.apply(line) != null).forEach(line -> byId.put(idOf.apply(line), line));
		// By identity: a line's record hashes its whole set of references.
		Map<L, L> parent = new IdentityHashMap<>();
		lines.forEach(line -> parent.put(line, line));
		for (L line : lines) {
			referencesOf.apply(line).stream().map(byId::get).filter(Objects::nonNull)
				.forEach(target -> parent.put(root(parent, line), root(parent, target)));
		}
		Map<L, List<L>> groups = new IdentityHashMap<>();
		List<List<L>> inOrder = new ArrayList<>();
		for (L line : lines) {
			groups.computeIfAbsent(root(parent, line), key -> {
				List<L> group = new ArrayList<>();
				inOrder.add(group);
				return group;
			}).add(line);
		}
		return inOrder;
	}

	private static <L> L root(Map<L, L> parent, L line) {
		L root = line;
		while (parent.get(root) != root) {
			root = parent.get(root);
		}
		parent.put(line, root);
		return root;
	}

	/** Groups packed into runs of about a transaction's lines; a larger group is a run of its own. */
	private <L> List<List<List<L>>> packed(List<List<L>> groups) {
		List<List<List<L>>> runs = new ArrayList<>();
		List<List<L>> run = new ArrayList<>();
		int size = 0;
		for (List<L> group : groups) {
			if (size > 0 && size + group.size() > linesPerTransaction) {
				runs.add(run);
				run = new ArrayList<>();
				size = 0;
			}
			run.add(group);
			size += group.size();
		}
		if (!run.isEmpty()) {
			runs.add(run);
		}
		return runs;
	}

	private void storeOrRefuse(ImportJob job, Parsed line, RuntimeException refusal, Supplier<RequestDetails> requests,
			boolean lastChance, List<HeldLine> later) {
		RuntimeException last = refusal;
		if (last instanceof ResourceVersionConflictException) {
			// Two transactions wrote the same resource at once (the same id twice in an import): once more, alone.
			try {
				systemDao.transaction(requests.get(), transactionOf(List.of(line)));
				job.countStored(line.line().input(), line.id());
				return;
			}
			catch (RuntimeException again) {
				last = again;
			}
		}
		String message = last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
		if (!lastChance && UNRESOLVED_REFERENCE.matcher(message).find()) {
			later.add(line.held());
			return;
		}
		if (!(last instanceof BaseServerResponseException)) {
			log.warn("Import {}: line {} of input {} could not be stored", job.id(), line.line().number(),
					line.line().input(), last);
		}
		IBaseOperationOutcome details = last instanceof BaseServerResponseException answer ? answer.getOperationOutcome() : null;
		IssueType code = last instanceof BaseServerResponseException answer && answer.getStatusCode() == 422
				? IssueType.PROCESSING : IssueType.INVALID;
		refuse(job, line.line(), line.id(), code, message, details);
	}

	private void refuse(ImportJob job, ImportLine line, String id, IssueType code, String reason,
			IBaseOperationOutcome details) {
		OperationOutcome outcome = new OperationOutcome();
		String where = "Line " + line.number() + (id == null ? "" : " (" + id + ")") + " of "
				+ job.inputs().get(line.input()).url();
		outcome.addIssue()
			.setSeverity(IssueSeverity.ERROR)
			.setCode(code)
			.setDiagnostics(where + ": " + reason);
		if (details instanceof OperationOutcome said) {
			for (OperationOutcome.OperationOutcomeIssueComponent issue : said.getIssue()) {
				if (!issue.getExpression().isEmpty() || !reason.contains(String.valueOf(issue.getDiagnostics()))) {
					outcome.addIssue(issue.copy());
				}
			}
		}
		job.refuse(line.input(), fhirContext.newJsonParser().encodeResourceToString(outcome));
	}

	private static Bundle transactionOf(List<Parsed> lines) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Parsed line : lines) {
			Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(line.resource());
			if (line.id() != null) {
				entry.setFullUrl(line.id());
				entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(line.id());
			}
			else {
				entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(line.resource().fhirType());
			}
		}
		return bundle;
	}

	/** A line read, with its references. */
	private record Parsed(ImportLine line, Resource resource, ReferenceCheck.Targets targets) {

		/** Its literal references ({@code Type/id}). */
		Set<String> references() {
			return targets.literal();
		}

		/** The line as held back for the end of the import. */
		HeldLine held() {
			return new HeldLine(line, id(), references());
		}

		/** {@code Type/id}, or null for a line without an id (stored as a create). */
		String id() {
			return resource.getIdElement().hasIdPart() ? resource.fhirType() + "/" + resource.getIdElement().getIdPart() : null;
		}

	}

}
