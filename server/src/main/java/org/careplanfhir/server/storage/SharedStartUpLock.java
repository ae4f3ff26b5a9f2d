package org.careplanfhir.server.storage;

import javax.sql.DataSource;

import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.orm.jpa.AbstractEntityManagerFactoryBean;

/**
 * Two start-up steps of HAPI's create what they find missing in a store every server shares, and
 * fail when another server creates it between their look and their write: Hibernate Search creates
 * the search engine's indexes as the persistence unit is built, and HAPI fills its table of
 * resource types as its resource-type cache starts. Servers starting together on a new database
 * take these steps one at a time under a {@link DatabaseLock}, held while each of those beans is
 * initialised; the next server finds the indexes and the rows there.
 */
final class SharedStartUpLock implements BeanPostProcessor, PriorityOrdered {

	private static final String LOCK = "careplan: HAPI's shared start-up steps";

	private final ObjectProvider<DataSource> dataSource;

	private DatabaseLock held;

	private int depth;

	SharedStartUpLock(ObjectProvider<DataSource> dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (createsSharedState(bean) && depth++ == 0) {
			held = DatabaseLock.take(dataSource.getObject(), LOCK);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (createsSharedState(bean) && depth > 0 && --depth == 0) {
			held.close();
			held = null;
		}
		return bean;
	}

	/**
	 * The factory bean builds the persistence unit, with Hibernate Search, in its initialisation;
	 * the cache fills the table in its {@code @PostConstruct}. A start-up that fails between the two
	 * calls leaves the lock to the connection pool, whose closing ends it.
	 */
	private static boolean createsSharedState(Object bean) {
		return bean instanceof AbstractEntityManagerFactoryBean || bean instanceof IResourceTypeCacheSvc;
	}

	/** Ahead of the post-processor that calls {@code @PostConstruct} methods. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
