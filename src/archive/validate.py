"""opfolg's signature validator: pyHanko on one PDF, one JSON report.

opfolg runs this program with ``python3 -I -c <this file> <anchors> <version>``
and the PDF's bytes on standard input. It reports what pyHanko finds about
every signature and document time stamp; it decides nothing. opfolg (Rust,
src/archive/signature.rs) decides what is recorded and what is refused.

Nothing is fetched from the network: the validation contexts are built with
``allow_fetching=False`` and the revocation data embedded in the PDF (its
DSS, and revocation data inside a signature).

argv[1]: a folder of trust anchors (PEM or DER certificates; may be empty or
         missing: then no signer can be confirmed).
argv[2]: the pyHanko version opfolg expects ("0.38."): another version is
         reported, not used, since the report's meaning depends on it.
"""

import base64
import hashlib
import io
import json
import logging
import os
import sys
from datetime import datetime, timezone


def iso(moment):
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def emit(report):
    sys.stdout.write(json.dumps(report, ensure_ascii=False))
    sys.stdout.flush()


def load_anchors(folder, x509, pem):
    """Every certificate in the folder, and what could not be read."""
    anchors, unreadable = [], []
    if not os.path.isdir(folder):
        return anchors, unreadable
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        with open(path, 'rb') as f:
            data = f.read()
        try:
            if pem.detect(data):
                found = [
                    x509.Certificate.load(der)
                    for kind, _, der in pem.unarmor(data, multiple=True)
                    if kind == 'CERTIFICATE'
                ]
            else:
                found = [x509.Certificate.load(data)]
            for cert in found:
                cert.native  # parses the whole certificate now
            if not found:
                unreadable.append(name)
            anchors.extend(found)
        except Exception:
            unreadable.append(name)
    return anchors, unreadable


def name_text(name):
    try:
        return name.human_friendly
    except Exception:
        return ''


def cert_facts(cert):
    der = cert.dump()
    ku = cert.key_usage_value
    eku = cert.extended_key_usage_value
    validity = cert['tbs_certificate']['validity']
    return {
        'certificate': base64.b64encode(der).decode('ascii'),
        'sha256': hashlib.sha256(der).hexdigest(),
        'subject': name_text(cert.subject),
        'common_name': cert.subject.native.get('common_name'),
        'organisation': cert.subject.native.get('organization_name'),
        'issuer': name_text(cert.issuer),
        'serial': format(cert.serial_number, 'x'),
        'not_before': iso(validity['not_before'].native),
        'not_after': iso(validity['not_after'].native),
        'key_usage': None if ku is None else sorted(ku.native),
        'extended_key_usage': None if eku is None else sorted(eku.native),
        'self_signed': cert.self_signed != 'no',
    }


def embedded_revocation_data(reader, signer_info, find_attribute, dss_cls):
    """Certificates, CRLs and OCSP responses in the PDF's DSS and in the
    signature's own revocation attribute (never fetched)."""
    certs, crls, ocsps = [], [], []
    try:
        dss = dss_cls.read_dss(reader)
        certs.extend(dss.load_certs())
        for ref in dss.ocsps:
            ocsps.append(ref.get_object().data)
        for ref in dss.crls:
            crls.append(ref.get_object().data)
    except Exception:
        pass
    if signer_info is not None:
        try:
            archival = find_attribute(signer_info['signed_attrs'], 'adobe_revocation_info_archival')
            crls.extend(c.dump() for c in archival['crl'])
            ocsps.extend(o.dump() for o in archival['ocsp'])
        except Exception:
            pass
    return certs, crls, ocsps


def widget_visible(field):
    """True when a signature's widget paints something on a page."""
    widgets = [field]
    kids = field.get('/Kids')
    if kids is not None:
        widgets = [k.get_object() for k in kids]
    for widget in widgets:
        try:
            rect = [float(x) for x in widget.get('/Rect', [0, 0, 0, 0])]
            area = abs(rect[2] - rect[0]) * abs(rect[3] - rect[1])
        except Exception:
            area = 1.0
        hidden = int(widget.get('/F', 0)) & 2
        if area > 0 and not hidden and '/AP' in widget:
            return True
    return False


def main():
    anchors_dir, expected = sys.argv[1], sys.argv[2]
    # pyHanko logs what it finds; the report says it.
    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    report = {'pyhanko': None, 'signatures': [], 'anchors': [], 'unreadable_anchors': []}
    try:
        from importlib.metadata import version

        report['pyhanko'] = version('pyhanko')
    except Exception:
        report['problem'] = 'missing'
        emit(report)
        return
    if not report['pyhanko'].startswith(expected):
        report['problem'] = 'version'
        emit(report)
        return

    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY
    from pyhanko.sign.general import find_unique_cms_attribute
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.generic_cms import (
        extract_self_reported_ts,
        extract_tst_data_iter,
        get_signing_cert_attr,
    )
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    anchors, unreadable = load_anchors(anchors_dir, x509, pem)
    report['anchors'] = [hashlib.sha256(a.dump()).hexdigest() for a in anchors]
    report['unreadable_anchors'] = unreadable

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        report['revisions'] = reader.xrefs.total_revisions
        signatures = list(reader.embedded_signatures)
    except Exception as e:
        report['problem'] = 'unreadable'
        report['detail'] = f'{type(e).__name__}: {e}'
        emit(report)
        return

    now = datetime.now(timezone.utc)
    first_revision = min((s.signed_revision for s in signatures), default=None)
    # Signing a signature field is form filling to pyHanko; opfolg accepts
    # such a change only for the fields of the document's own signatures.
    all_fields = sorted(s.field_name for s in signatures)
    usage = KeyUsageConstraints(key_usage={'digital_signature', 'non_repudiation'}, match_all_key_usages=False)

    for sig in signatures:
        entry = {'field': sig.field_name}
        report['signatures'].append(entry)
        try:
            kind = sig.sig_object_type
            entry['kind'] = 'timestamp' if kind == '/DocTimeStamp' else 'signature'
            entry['byte_range'] = [int(x) for x in sig.byte_range]
            entry['revision'] = sig.signed_revision
            entry['visible'] = widget_visible(sig.sig_field)
            entry['later_than_first'] = sig.signed_revision != first_revision
            entry.update(cert_facts(sig.signer_cert))
            signer_info = sig.signer_info
            # pyHanko checks the ESS signing-certificate attribute when it is
            # there; opfolg also wants it there (PAdES requires it: it binds
            # the certificate, not only its key, to the signature).
            entry['signing_certificate_attribute'] = get_signing_cert_attr(signer_info['signed_attrs']) is not None
            certs, crls, ocsps = embedded_revocation_data(
                reader, signer_info, find_unique_cms_attribute, DocumentSecurityStore
            )
            certs = list(certs) + list(sig.other_embedded_certs)

            def context(moment):
                return ValidationContext(
                    trust_roots=list(anchors),
                    other_certs=certs,
                    crls=crls,
                    ocsps=ocsps,
                    allow_fetching=False,
                    revocation_mode='soft-fail',
                    moment=moment,
                )

            if entry['kind'] == 'timestamp':
                # The authority's chain is checked now: a time stamp cannot
                # vouch for its own time.
                moment = now
                status = validate_pdf_timestamp(sig, validation_context=context(moment), diff_policy=DEFAULT_DIFF_POLICY)
                entry['claimed_time'] = None
                entry['timestamp'] = {
                    'time': iso(status.timestamp),
                    'intact': status.intact,
                    'valid': status.valid,
                    'trusted': status.trusted,
                    'tsa': entry['subject'],
                }
                entry['checked_at'] = iso(moment)
            else:
                claimed = extract_self_reported_ts(signer_info)
                entry['claimed_time'] = iso(claimed)
                # The certificate is checked at the time a time stamp
                # vouches for; without one, at the time of archiving (the
                # signer's own claim is not evidence).
                tokens = list(extract_tst_data_iter(signer_info, signed=False))
                moment = now
                if tokens:
                    try:
                        moment = tokens[0]['encap_content_info']['content'].parsed['gen_time'].native
                    except Exception:
                        moment = now

                def validate(moment):
                    return validate_pdf_signature(
                        sig,
                        signer_validation_context=context(moment),
                        ts_validation_context=context(moment),
                        diff_policy=DEFAULT_DIFF_POLICY,
                        key_usage_settings=usage,
                    )

                status = validate(moment)
                tst = status.timestamp_validity
                if moment is not now and not (tst is not None and tst.intact and tst.valid and tst.trusted):
                    # A time stamp no trusted authority vouches for says
                    # nothing about when: the chain is checked now instead.
                    moment = now
                    status = validate(moment)
                    tst = status.timestamp_validity
                entry['timestamp'] = None if tst is None else {
                    'time': iso(tst.timestamp),
                    'intact': tst.intact,
                    'valid': tst.valid,
                    'trusted': tst.trusted,
                    'tsa': name_text(tst.signing_cert.subject),
                }
                entry['checked_at'] = iso(moment)
                problem = status.seed_value_constraint_error
                entry['seed_value_error'] = None if problem is None else str(problem)
            entry['intact'] = bool(status.intact)
            entry['valid'] = bool(status.valid)
            entry['trusted'] = bool(status.trusted)
            problem = status.trust_problem_indic
            entry['trust_problem'] = None if problem is None else problem.name
            entry['revoked'] = status.revocation_details is not None
            entry['coverage'] = None if status.coverage is None else status.coverage.name
            level = status.modification_level
            entry['modification_level'] = None if level is None else level.name
            diff = status.diff_result
            entry['changed_form_fields'] = sorted(getattr(diff, 'changed_form_fields', None) or [])
            entry['suspicious'] = None if diff is None or hasattr(diff, 'modification_level') else str(diff)
            entry['docmdp'] = None if sig.docmdp_level is None else sig.docmdp_level.name
            entry['docmdp_ok'] = status.docmdp_ok
            entry['signature_fields'] = all_fields
            anchor = None
            if status.trusted and status.validation_path is not None:
                try:
                    root = status.validation_path.trust_anchor.authority.certificate
                    anchor = {'subject': name_text(root.subject), 'sha256': hashlib.sha256(root.dump()).hexdigest()}
                except Exception:
                    anchor = None
            entry['anchor'] = anchor
            # Key usage, checked here for every signer: pyHanko checks it only
            # on a chain that reaches an anchor.
            try:
                if entry['kind'] == 'signature':
                    usage.validate(sig.signer_cert)
                entry['key_usage_ok'] = True
            except Exception:
                entry['key_usage_ok'] = False
        except Exception as e:
            entry['error'] = f'{type(e).__name__}: {e}'
    emit(report)


if __name__ == '__main__':
    main()
