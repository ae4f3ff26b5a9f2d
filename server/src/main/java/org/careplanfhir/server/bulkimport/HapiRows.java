package org.careplanfhir.server.bulkimport;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;
import ca.uhn.fhir.jpa.model.entity.BaseResourceIndexedSearchParam;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamDate;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamNumber;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamQuantity;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamString;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamUri;
import ca.uhn.fhir.jpa.model.entity.ResourceLink;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows HAPI's DAO stores for a new resource (its {@code hfj_resource} and first
 * {@code hfj_res_ver} row, its tags, and one row per index value and reference), gathered for a
 * batch of resources and inserted as one JDBC batch per table. The values come from HAPI's own
 * entities, filled by HAPI's search-parameter extractor; this class only lays them out in HAPI's
 * columns. HAPI's schema is not an API: {@code DirectWriterDifferentialIntegrationTests} compares
 * every row with the ones HAPI's DAO stores, and must pass before a new HAPI version ships.
 */
class HapiRows {

	private final JdbcTemplate jdbc;

	private final KeyBlocks keys;

	private final IResourceTypeCacheSvc resourceTypes;

	private final List<Object[]> resources = new ArrayList<>();

	private final List<Object[]> versions = new ArrayList<>();

	private final List<Object[]> tags = new ArrayList<>();

	private final List<Object[]> versionTags = new ArrayList<>();

	private final List<Object[]> tokens = new ArrayList<>();

	private final List<Object[]> strings = new ArrayList<>();

	private final List<Object[]> dates = new ArrayList<>();

	private final List<Object[]> uris = new ArrayList<>();

	private final List<Object[]> numbers = new ArrayList<>();

	private final List<Object[]> quantities = new ArrayList<>();

	private final List<Object[]> links = new ArrayList<>();

	HapiRows(JdbcTemplate jdbc, KeyBlocks keys, IResourceTypeCacheSvc resourceTypes) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.resourceTypes = resourceTypes;
	}

	/**
	 * @param entity the resource's entity, its key, type and index flags set
	 * @param versionKey the key of its first version
	 * @param text the stored JSON, and its SHA-256
	 * @param tagKeys its tag definitions
	 * @param params its index values, as the extractor found them, their keys and hashes set
	 */
	void add(ResourceTable entity, long versionKey, String text, String hash, short indexStatus, List<Long> tagKeys,
			ResourceIndexedSearchParams params, String source, Date at) {
		long key = entity.getId().getId();
		String type = entity.getResourceType();
		Short typeId = entity.getResourceTypeId();
		Timestamp time = new Timestamp(at.getTime());
		boolean tagged = !tagKeys.isEmpty();
		resources.add(new Object[] { key, "R4", tagged, time, time, entity.getFhirId(), entity.isHasLinks(), hash,
				indexStatus, false, false, entity.isParamsCoordsPopulated(), entity.isParamsDatePopulated(),
				entity.isParamsNumberPopulated(), Boolean.TRUE.equals(entity.isParamsQuantityNormalizedPopulated()),
				entity.isParamsQuantityPopulated(), entity.isParamsStringPopulated(), entity.isParamsTokenPopulated(),
				entity.isParamsUriPopulated(), type, typeId, false, 1L });
		versions.add(new Object[] { versionKey, "R4", tagged, time, time, "JSON", key, text, type, typeId, 1L, source });
		for (long tag : tagKeys) {
			tags.add(new Object[] { tag, key, type, typeId });
			versionTags.add(new Object[] { tag, versionKey, key, type, typeId });
		}
		for (ResourceIndexedSearchParamToken token : params.myTokenParams) {
			tokens.add(index(token, key, time, token.getHashSystem(), token.getHashSystemAndValue(), token.getHashValue(),
					token.getSystem(), token.getValue()));
		}
		for (ResourceIndexedSearchParamString string : params.myStringParams) {
			strings.add(index(string, key, time, string.getHashExact(), string.getHashNormalizedPrefix(),
					string.getValueExact(), string.getValueNormalized()));
		}
		for (ResourceIndexedSearchParamDate date : params.myDateParams) {
			dates.add(index(date, key, time, timestamp(date.getValueHigh()), date.getValueHighDateOrdinal(),
					timestamp(date.getValueLow()), date.getValueLowDateOrdinal()));
		}
		for (ResourceIndexedSearchParamUri uri : params.myUriParams) {
			uris.add(index(uri, key, time, uri.getHashUri(), uri.getUri()));
		}
		for (ResourceIndexedSearchParamNumber number : params.myNumberParams) {
			numbers.add(index(number, key, time, number.getValue()));
		}
		for (ResourceIndexedSearchParamQuantity quantity : params.myQuantityParams) {
			quantities.add(index(quantity, key, time, quantity.getHashIdentityAndUnits(),
					quantity.getHashIdentitySystemAndUnits(), quantity.getSystem(), quantity.getUnits(),
					quantity.getValue() == null ? null : quantity.getValue().doubleValue()));
		}
		for (ResourceLink link : params.myLinks) {
			links.add(new Object[] { link.getSourcePath(), key, type, typeId, link.getTargetResourcePid(),
					link.getTargetResourceType(), resourceTypes.getResourceTypeId(link.getTargetResourceType()),
					link.getTargetResourceUrl(), link.getTargetResourceVersion(), time });
		}
	}

	/** Inserts the batch's rows, in the order of HAPI's foreign keys. */
	void insert() {
		batch("""
				INSERT INTO hfj_resource (res_id, res_version, has_tags, res_published, res_updated, fhir_id, sp_has_links,
				  hash_sha256, sp_index_status, sp_cmpstr_uniq_present, sp_cmptoks_present, sp_coords_present,
				  sp_date_present, sp_number_present, sp_quantity_nrml_present, sp_quantity_present, sp_string_present,
				  sp_token_present, sp_uri_present, res_type, res_type_id, search_url_present, res_ver)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", resources);
		batch("""
				INSERT INTO hfj_res_ver (pid, res_version, has_tags, res_published, res_updated, res_encoding, res_id,
				  res_text_vc, res_type, res_type_id, res_ver, source_uri)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", versions);
		keyed("hfj_res_tag", "pid", "seq_restag_id", "tag_id, res_id, res_type, res_type_id", tags);
		keyed("hfj_history_tag", "pid", "seq_historytag_id", "tag_id, res_ver_pid, res_id, res_type, res_type_id",
				versionTags);
		String common = "hash_identity, sp_missing, sp_name, res_id, res_type, sp_updated, ";
		keyed("hfj_spidx_token", "sp_id", "seq_spidx_token",
				common + "hash_sys, hash_sys_and_value, hash_value, sp_system, sp_value", tokens);
		keyed("hfj_spidx_string", "sp_id", "seq_spidx_string",
				common + "hash_exact, hash_norm_prefix, sp_value_exact, sp_value_normalized", strings);
		keyed("hfj_spidx_date", "sp_id", "seq_spidx_date",
				common + "sp_value_high, sp_value_high_date_ordinal, sp_value_low, sp_value_low_date_ordinal", dates);
		keyed("hfj_spidx_uri", "sp_id", "seq_spidx_uri", common + "hash_uri, sp_uri", uris);
		keyed("hfj_spidx_number", "sp_id", "seq_spidx_number", common + "sp_value", numbers);
		keyed("hfj_spidx_quantity", "sp_id", "seq_spidx_quantity",
				common + "hash_identity_and_units, hash_identity_sys_units, sp_system, sp_units, sp_value", quantities);
		keyed("hfj_res_link", "pid", "seq_reslink_id", "src_path, src_resource_id, source_resource_type, src_res_type_id,"
				+ " target_resource_id, target_resource_type, target_res_type_id, target_resource_url,"
				+ " target_resource_version, sp_updated", links);
	}

	/** An index row's common columns, then its own. */
	private static Object[] index(BaseResourceIndexedSearchParam param, long key, Timestamp time, Object... own) {
		Object[] row = new Object[6 + own.length];
		row[0] = param.getHashIdentity();
		row[1] = param.isMissing();
		row[2] = param.getParamName();
		row[3] = key;
		row[4] = param.getResourceType();
		row[5] = time;
		System.arraycopy(own, 0, row, 6, own.length);
		return row;
	}

	/** Rows whose key comes from one of HAPI's sequences. */
	private void keyed(String table, String keyColumn, String sequence, String columns, List<Object[]> rows) {
		if (rows.isEmpty()) {
			return;
		}
		long[] taken = keys.take(sequence, rows.size());
		List<Object[]> withKeys = new ArrayList<>(rows.size());
		for (int i = 0; i < rows.size(); i++) {
			Object[] row = new Object[rows.get(i).length + 1];
			row[0] = taken[i];
			System.arraycopy(rows.get(i), 0, row, 1, row.length - 1);
			withKeys.add(row);
		}
		int width = withKeys.get(0).length;
		batch("INSERT INTO " + table + " (" + keyColumn + ", " + columns + ") VALUES (?" + ", ?".repeat(width - 1) + ")",
				withKeys);
	}

	/** A null is sent untyped: JdbcTemplate's own batches would ask the driver for each null's type. */
	private void batch(String sql, List<Object[]> rows) {
		if (rows.isEmpty()) {
			return;
		}
		jdbc.batchUpdate(sql, rows, rows.size(), (statement, row) -> {
			for (int i = 0; i < row.length; i++) {
				if (row[i] == null) {
					statement.setNull(i + 1, Types.NULL);
				}
				else {
					statement.setObject(i + 1, row[i]);
				}
			}
		});
	}

	private static Timestamp timestamp(Date date) {
		return date == null ? null : new Timestamp(date.getTime());
	}

}
