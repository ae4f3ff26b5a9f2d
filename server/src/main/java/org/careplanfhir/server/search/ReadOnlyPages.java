package org.careplanfhir.server.search;

import java.util.Date;
import java.util.List;
import java.util.Objects;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A search HAPI keeps, whose pages are loaded in a read-only transaction. HAPI loads a page in a
 * transaction that could write, so Hibernate compares every entity it has loaded with a copy of its
 * loaded state before each query of the page (its tags, its included resources) and again at
 * commit: 7–11 % of the CPU samples of the EHR read mix, which is mostly {@code $everything}.
 * Read-only, Hibernate neither flushes nor keeps those copies. HAPI's own transactions join this
 * one, but for its writes while a page is loaded (resuming a search, storing further matches),
 * which HAPI runs in new transactions of their own, and its fetch of further matches when hooks have
 * hidden some of the page's, for which {@link OnePageSearches#getResources} sets this one aside.
 *
 * <p>Its size is asked of HAPI once. HAPI's REST layer asks for it four times while it builds one
 * answer, and while the total is not known (a search of many pages, not counted) each time costs
 * HAPI a transaction of its own, a fetch of the search's row and the reading back of its serialized
 * parameters, only to answer that it is still not known: 8–9 % of the CPU samples of the insurer
 * read mix. An answer thus has one size from start to end, the one HAPI gave first, even when HAPI's
 * search threads finish counting while it is being built.
 */
final class ReadOnlyPages implements IBundleProvider {

	private final IBundleProvider hapi;

	private final TransactionTemplate readOnly;

	/** Whether HAPI has been asked for the size yet. */
	private boolean sizeAsked;

	/** What HAPI answered: null when it did not know. */
	private Integer size;

	ReadOnlyPages(IBundleProvider hapi, TransactionTemplate readOnly) {
		this.hapi = hapi;
		this.readOnly = readOnly;
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		return readOnly.execute(status -> hapi.getResources(from, to));
	}

	@Override
	public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder page) {
		return readOnly.execute(status -> hapi.getResources(from, to, page));
	}

	@Override
	public List<IBaseResource> getAllResources() {
		return readOnly.execute(status -> hapi.getAllResources());
	}

	@Override
	public List<IBaseResource> getResourceListComplete() {
		return readOnly.execute(status -> hapi.getResourceListComplete());
	}

	@Override
	public List<String> getAllResourceIds() {
		return readOnly.execute(status -> hapi.getAllResourceIds());
	}

	@Override
	public boolean isEmpty() {
		return Boolean.TRUE.equals(readOnly.execute(status -> hapi.isEmpty()));
	}

	@Override
	public boolean containsAllResources() {
		return hapi.containsAllResources();
	}

	@Override
	public synchronized Integer size() {
		if (!sizeAsked) {
			size = hapi.size();
			sizeAsked = true;
		}
		return size;
	}

	/** Fails as HAPI's providers do when the size is not known, without asking HAPI again. */
	@Override
	public int sizeOrThrowNpe() {
		return Objects.requireNonNull(size(), "size() returned null");
	}

	@Override
	public Integer preferredPageSize() {
		return hapi.preferredPageSize();
	}

	@Override
	public String getUuid() {
		return hapi.getUuid();
	}

	@Override
	public IPrimitiveType<Date> getPublished() {
		return hapi.getPublished();
	}

	@Override
	public String getCurrentPageId() {
		return hapi.getCurrentPageId();
	}

	@Override
	public String getNextPageId() {
		return hapi.getNextPageId();
	}

	@Override
	public String getPreviousPageId() {
		return hapi.getPreviousPageId();
	}

	@Override
	public Integer getCurrentPageOffset() {
		return hapi.getCurrentPageOffset();
	}

	@Override
	public Integer getCurrentPageSize() {
		return hapi.getCurrentPageSize();
	}

}
