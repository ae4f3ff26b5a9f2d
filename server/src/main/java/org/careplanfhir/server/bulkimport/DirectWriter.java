package org.careplanfhir.server.bulkimport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.BaseResourceIndexedSearchParam;
import ca.uhn.fhir.jpa.model.entity.EntityIndexStatusEnum;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.util.MetaUtil;
import org.apache.commons.lang3.StringUtils;
import ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorService;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.InterceptorInvocationTimingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.CompositeInterceptorBroadcaster;
import com.google.common.hash.Hashing;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores a batch of new resources (ids given, none stored yet) in one database transaction, with
 * the rows HAPI's DAO would store, but built and inserted a batch at a time ({@link HapiRows})
 * instead of one resource at a time through HAPI's DAO and Hibernate's persistence context, which
 * is where most of an import's time went. Everything else a create does happens as it does there:
 * the storage hooks before and after (scopes, validation, workflow rules, audit trail, change feed,
 * payer facts, Provenance), HAPI's search-parameter extractor for the index values and the
 * references (which must name stored resources or resources of the batch), the stored JSON and its
 * SHA-256 as HAPI encodes them, the full-text documents ({@link FullText}), and HAPI's id cache after
 * the commit. Any refusal rolls the whole batch back, and the caller stores its lines through
 * transactions instead, which finds the line to blame.
 */
class DirectWriter {

	private final FhirContext fhirContext;

	private final IInterceptorBroadcaster storageHooks;

	private final SearchParamExtractorService extractor;

	private final ISearchParamIdentityCacheSvc parameterIdentities;

	private final IResourceTypeCacheSvc resourceTypes;

	private final IIdHelperService<JpaPid> ids;

	private final IHapiTransactionService transactions;

	private final JdbcTemplate jdbc;

	private final KeyBlocks keys;

	private final TagDefinitions tags;

	private final FullText fullText;

	private final boolean storeSourceUri;

	DirectWriter(FhirContext fhirContext, IInterceptorBroadcaster storageHooks, SearchParamExtractorService extractor,
			ISearchParamIdentityCacheSvc parameterIdentities, IResourceTypeCacheSvc resourceTypes,
			IIdHelperService<JpaPid> ids, IHapiTransactionService transactions, JdbcTemplate jdbc, FullText fullText,
			JpaStorageSettings storage) {
		this.fhirContext = fhirContext;
		this.storageHooks = storageHooks;
		this.extractor = extractor;
		this.parameterIdentities = parameterIdentities;
		this.resourceTypes = resourceTypes;
		this.ids = ids;
		this.transactions = transactions;
		this.jdbc = jdbc;
		this.keys = new KeyBlocks(jdbc);
		this.tags = new TagDefinitions(jdbc);
		this.fullText = fullText;
		this.storeSourceUri = storage.getStoreMetaSourceInformation().isStoreSourceUri();
	}

	/**
	 * Whether HAPI is set up as this writer reproduces it: tags in their own tables, no partitions,
	 * no index of missing values, no search parameters in the full-text index. (The resource text is
	 * JSON whatever the encoding setting: HAPI compresses it only on Oracle.) These are this server's
	 * settings; should one change, imports go through transactions instead of storing rows HAPI
	 * would not.
	 */
	static boolean reproduces(JpaStorageSettings storage, PartitionSettings partitions) {
		return storage.getTagStorageMode() == JpaStorageSettings.TagStorageModeEnum.VERSIONED
				&& storage.getIndexMissingFields() == JpaStorageSettings.IndexEnabledEnum.DISABLED
				&& !storage.isHibernateSearchIndexSearchParams() && !partitions.isPartitioningEnabled();
	}

	/**
	 * Stores the resources, all or none.
	 * @param named the {@code Type/id} their references name (some of them in the batch)
	 */
	void store(List<Resource> resources, Set<String> named, RequestDetails request) {
		transactions.withRequest(request).execute(() -> {
			write(resources, named, request);
			return null;
		});
	}

	private void write(List<Resource> resources, Set<String> named, RequestDetails request) {
		Date now = new Date();
		TransactionDetails transaction = new TransactionDetails(now);
		IInterceptorBroadcaster hooks = CompositeInterceptorBroadcaster.newCompositeBroadcaster(storageHooks, request);
		long[] resourceKeys = keys.take("seq_resource_id", resources.size());
		long[] versionKeys = keys.take("seq_resource_history_id", resources.size());
		for (int i = 0; i < resources.size(); i++) {
			Resource resource = resources.get(i);
			resource.setIdElement(new IdType(resource.fhirType(), resource.getIdPart(), "1"));
			resource.getMeta().setVersionId("1").setLastUpdatedElement(new InstantType(now));
			hooks.callHooks(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, new HookParams()
				.add(IBaseResource.class, resource)
				.add(RequestDetails.class, request)
				.addIfMatchesType(ServletRequestDetails.class, request)
				.add(RequestPartitionId.class, RequestPartitionId.defaultPartition())
				.add(TransactionDetails.class, transaction));
			// A reference to another resource of the batch resolves to the key it is about to have.
			transaction.addResolvedResourceId(resource.getIdElement().toUnqualifiedVersionless(), JpaPid.fromId(resourceKeys[i]));
		}
		resolveTargetsOutsideTheBatch(named, transaction);
		HapiRows rows = new HapiRows(jdbc, keys, resourceTypes);
		List<ResourceTable> documents = new ArrayList<>();
		for (int i = 0; i < resources.size(); i++) {
			Resource resource = resources.get(i);
			ResourceTable entity = entity(resource, resourceKeys[i], now);
			ResourceIndexedSearchParams params = ResourceIndexedSearchParams.withSets();
			extractor.extractFromResource(RequestPartitionId.allPartitions(), request, params,
					ResourceIndexedSearchParams.empty(), entity, resource, transaction, true, ISearchParamExtractor.ALL_PARAMS);
			prepareIndexValues(params, resourceKeys[i]);
			params.populateResourceTableSearchParamsPresentFlags(entity);
			entity.setResourceLinks(params.myLinks);
			EntityIndexStatusEnum status = EntityIndexStatusEnum.INDEXED_RDBMS_ONLY;
			if (fullText != null) {
				status = fullText.prepare(entity, resource, hooks);
				documents.add(entity);
			}
			String text = storedJson(resource);
			rows.add(entity, versionKeys[i], text, Hashing.sha256().hashUnencodedChars(text).toString(),
					(short) status.ordinal(), tags.of(resource), params, sourceUri(resource), now);
		}
		rows.insert();
		if (fullText != null) {
			fullText.index(documents);
		}
		for (int i = 0; i < resources.size(); i++) {
			Resource resource = resources.get(i);
			hooks.callHooks(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, new HookParams()
				.add(IBaseResource.class, resource)
				.add(RequestDetails.class, request)
				.addIfMatchesType(ServletRequestDetails.class, request)
				.add(TransactionDetails.class, transaction)
				.add(InterceptorInvocationTimingEnum.class,
						transaction.getInvocationTiming(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)));
			ids.addResolvedPidToFhirIdAfterCommit(JpaPid.fromId(resourceKeys[i]), RequestPartitionId.defaultPartition(),
					resource.fhirType(), resource.getIdPart(), null);
		}
	}

	/**
	 * The stored resources the batch names, looked up in one query and handed to the extractor as
	 * HAPI's transactions hand them (its pre-fetch): the extractor would otherwise ask the database
	 * once per reference, since HAPI's id cache is not trusted for targets where deletes are enabled.
	 * A target that is deleted or missing is left to the extractor, which refuses it as HAPI does.
	 */
	private void resolveTargetsOutsideTheBatch(Set<String> named, TransactionDetails transaction) {
		List<IIdType> targets = named.stream().<IIdType>map(IdType::new)
			.filter(target -> transaction.getResolvedResourceId(target) == null)
			.toList();
		if (targets.isEmpty()) {
			return;
		}
		ids.resolveResourceIdentities(RequestPartitionId.allPartitions(), targets,
				ResolveIdentityMode.includeDeleted().noCacheUnlessDeletesDisabled())
			.forEach((id, lookup) -> {
				if (lookup.getDeleted() == null) {
					transaction.addResolvedResourceId(id.toUnqualifiedVersionless(), lookup.getPersistentId());
				}
			});
	}

	private ResourceTable entity(Resource resource, long key, Date now) {
		ResourceTable entity = new ResourceTable();
		entity.setIdForUnitTest(key);
		entity.setResourceType(resource.fhirType());
		entity.setResourceTypeId(resourceTypes.getResourceTypeId(resource.fhirType()));
		entity.setFhirId(resource.getIdPart());
		entity.setPublished(now);
		entity.setUpdated(now);
		return entity;
	}

	/**
	 * The JSON HAPI stores: without the id, and without the meta elements it keeps elsewhere (the
	 * whole meta when it holds no extension).
	 */
	private String storedJson(Resource resource) {
		String type = resource.fhirType();
		IParser parser = fhirContext.newJsonParser();
		parser.setDontEncodeElements(resource.getMeta().hasExtension()
				? List.of("id", type + ".meta.profile", type + ".meta.tag", type + ".meta.security",
						type + ".meta.versionId", type + ".meta.lastUpdated", type + ".meta.source")
				: List.of("id", type + ".meta"));
		return parser.encodeResourceToString(resource);
	}

	/** The {@code meta.source} HAPI keeps in the version row: without a {@code #request-id}, if it keeps it at all. */
	private String sourceUri(Resource resource) {
		if (!storeSourceUri) {
			return null;
		}
		String source = MetaUtil.extractSourceUriOrEmpty(resource.getMeta().getSource());
		return source.isBlank() ? null : StringUtils.left(source, ResourceHistoryTable.SOURCE_URI_LENGTH);
	}

	/**
	 * Gives each index value its resource's key and its hashes, as HAPI's DAO does when it stores
	 * them, and registers the hashes' parameter identities with HAPI.
	 */
	private void prepareIndexValues(ResourceIndexedSearchParams params, long key) {
		List<Collection<? extends BaseResourceIndexedSearchParam>> all = List.of(params.myTokenParams,
				params.myStringParams, params.myDateParams, params.myUriParams, params.myNumberParams,
				params.myQuantityParams);
		for (Collection<? extends BaseResourceIndexedSearchParam> kind : all) {
			for (BaseResourceIndexedSearchParam param : kind) {
				param.setResourceId(key);
				param.calculateHashes();
				parameterIdentities.findOrCreateSearchParamIdentity(param.getHashIdentity(), param.getResourceType(),
						param.getParamName());
			}
		}
	}

}
