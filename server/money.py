"""Money on the wire: int64 minor units and an ISO 4217 currency code.

Accepted codes: the ISO 4217 list of active currency codes (List One, 2025
amendments: ANG alongside its successor XCG, ZWG, SLE, VED), *excluding* the
fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals and
supranational units (XAG, XAU, XPD, XPT, XBA-XBD, XDR, XSU, XUA) and the
testing/no-currency codes (XTS, XXX): a round is staked in a circulating
currency.
"""

from __future__ import annotations

from games.base import MAX_AMOUNT
from server.errors import InvalidRequestError

__all__ = ["CURRENCIES", "MAX_AMOUNT", "check_currency"]

_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF
    BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC
    CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD
    JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL
    LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
    NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
    RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP
    SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED
    VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """
CURRENCIES: frozenset[str] = frozenset(_CODES.split())


def check_currency(code: str, field: str = "currency") -> str:
    """Return ``code`` if it is an accepted ISO 4217 code, else raise InvalidRequestError."""
    if not code:
        raise InvalidRequestError(f"{field} is required: an ISO 4217 code such as 'EUR'")
    if len(code) != 3 or not code.isascii() or not code.isalpha() or not code.isupper():
        raise InvalidRequestError(
            f"{field}={code!r} must be three upper-case letters (ISO 4217), e.g. 'EUR'"
        )
    if code not in CURRENCIES:
        raise InvalidRequestError(
            f"{field}={code!r} is not an accepted ISO 4217 currency code "
            "(active circulating currencies; fund, metal and test codes are refused)"
        )
    return code
