package org.careplanfhir.server.bulkimport;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.xml.stream.events.XMLEvent;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.dao.BaseHapiFhirDao;
import ca.uhn.fhir.jpa.model.entity.EntityIndexStatusEnum;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionRequest;
import ca.uhn.fhir.jpa.searchparam.fulltext.FullTextExtractionResponse;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import ca.uhn.fhir.util.XmlUtil;
import jakarta.persistence.EntityManager;
import org.hibernate.search.mapper.orm.Search;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * The full-text documents of the resources {@link DirectWriter} stores, made as HAPI's DAO makes
 * them (the words of the content and of the narrative, through the same extraction hooks, so that
 * {@code careplan.search.content-types} and {@code narrative-types} apply), and handed to Hibernate
 * Search's indexing plan of the writing transaction: written to the index when it commits, as
 * HAPI's own are.
 */
class FullText {

	private final FhirContext fhirContext;

	private final ISearchParamRegistry searchParameters;

	private final EntityManager entityManager;

	FullText(FhirContext fhirContext, ISearchParamRegistry searchParameters, EntityManager entityManager) {
		this.fhirContext = fhirContext;
		this.searchParameters = searchParameters;
		this.entityManager = entityManager;
	}

	/**
	 * Sets the entity's words and the index status HAPI would store, which it returns.
	 * @param hooks the storage hooks and those of the request the resource is written under
	 */
	EntityIndexStatusEnum prepare(ResourceTable entity, Resource resource, IInterceptorBroadcaster hooks) {
		boolean indexed = false;
		String type = resource.fhirType();
		if (searchParameters.hasActiveSearchParam(type, Constants.PARAM_CONTENT, SearchParamLookupContextEnum.INDEX)) {
			indexed |= extract(hooks, entity, resource, Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_CONTENT,
					() -> BaseHapiFhirDao.parseContentTextIntoWords(fhirContext, resource), entity::setContentText);
		}
		if (searchParameters.hasActiveSearchParam(type, Constants.PARAM_TEXT, SearchParamLookupContextEnum.INDEX)) {
			indexed |= extract(hooks, entity, resource, Pointcut.JPA_INDEX_EXTRACT_FULLTEXT_TEXT,
					() -> narrativeWords(resource), entity::setNarrativeText);
		}
		EntityIndexStatusEnum status = indexed ? EntityIndexStatusEnum.INDEXED_ALL : EntityIndexStatusEnum.INDEXED_RDBMS_ONLY;
		// Hibernate Search writes a document only for an entity whose status says so (HAPI's routing binder).
		entity.setIndexStatus(status);
		return status;
	}

	/** The entities' documents, built now (the entities are not Hibernate's to read again later). */
	void index(List<ResourceTable> entities) {
		var plan = Search.session(entityManager).indexingPlan();
		for (ResourceTable entity : entities) {
			plan.addOrUpdate(entity);
		}
		plan.process();
	}

	private boolean extract(IInterceptorBroadcaster hooks, ResourceTable entity, Resource resource, Pointcut pointcut,
			Supplier<String> words, Consumer<String> setter) {
		FullTextExtractionResponse answer = null;
		if (hooks.hasHooks(pointcut)) {
			FullTextExtractionRequest asked = new FullTextExtractionRequest(entity.getIdType(fhirContext), resource,
					resource.fhirType(), words);
			answer = (FullTextExtractionResponse) hooks.callHooksAndReturnObject(pointcut,
					new HookParams().add(FullTextExtractionRequest.class, asked));
		}
		if (answer == null || answer.isIndexNormally()) {
			setter.accept(words.get());
			return true;
		}
		if (!answer.isDoNotIndex()) {
			setter.accept(answer.getPayload());
			return true;
		}
		return false;
	}

	/** The characters of the narrative's XHTML, as HAPI indexes them for {@code _text}. */
	private static String narrativeWords(Resource resource) {
		if (!(resource instanceof DomainResource domain) || !domain.hasText()
				|| !domain.getText().hasDiv()) {
			return "";
		}
		StringBuilder words = new StringBuilder();
		List<XMLEvent> events = XmlUtil.parse(domain.getText().getDivAsString());
		if (events != null) {
			for (XMLEvent event : events) {
				if (event.isCharacters()) {
					words.append(event.asCharacters().getData()).append(' ');
				}
			}
		}
		return words.toString();
	}

}
