"""The ERROR body checks of rtt.md §4.3 as decided for spec 0.4.0 (interop finding 4): a receiver
refuses with FRAME an ERROR whose body is not the RFC 8785 form of exactly the four members, whose
`code` does not match `^[A-Z][A-Z0-9_]{0,31}$`, whose `frame` is neither null nor an integer
0..4294967295, or whose `msg_id` is neither null nor of the ENV-MSG-001 form; an unregistered code of
that form is accepted (forward compatibility)."""

import unittest

from _util import PY_ROOT  # noqa: F401  (puts the package on sys.path)

from web4py import jcs
from web4py.rtt import frames as F

MSG_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def body(**changes) -> bytes:
    obj = {"code": "FRAME", "frame": 7, "msg_id": None, "text": "why"}
    obj.update(changes)
    return jcs.canonicalize(obj)


def error_frame(data: bytes, flags: int = F.FLAG_CLOSING) -> bytes:
    return F.encode(F.ERROR, flags, 0, 3, data)


class ErrorBodies(unittest.TestCase):
    def refused(self, data: bytes):
        with self.assertRaises(ValueError):
            F.parse_error_body(data)
        with self.assertRaises(F.FrameError) as cm:
            F.decode(error_frame(data))
        self.assertEqual(cm.exception.sequence, 3)

    def test_well_formed_bodies_are_accepted(self):
        for changes in ({}, {"frame": None}, {"frame": 0}, {"frame": 4294967295}, {"msg_id": MSG_ID},
                        {"code": "HANDSHAKE", "frame": None, "msg_id": None}, {"text": ""}):
            with self.subTest(**{k: repr(v) for k, v in changes.items()}):
                parsed = F.decode(error_frame(body(**changes)))
                self.assertEqual(parsed.type, F.ERROR)

    def test_unregistered_codes_of_the_pattern_are_accepted(self):
        for code in ("X", "SOMETHING_NEW", "E2", "A" + "B" * 31, "V2_LIMIT_9"):
            with self.subTest(code=code):
                self.assertEqual(F.parse_error_body(body(code=code)).code, code)

    def test_codes_off_the_pattern_are_refused(self):
        for code in ("frame", "Frame", "_FRAME", "2FRAME", "", "A" + "B" * 32, "FRA-ME", "FRAME ", 7, None):
            with self.subTest(code=code):
                self.refused(body(code=code))

    def test_frame_out_of_range_or_not_an_integer_is_refused(self):
        for frame in (4294967296, -1, 1.5, "7", True, [7]):
            with self.subTest(frame=frame):
                self.refused(body(frame=frame))

    def test_msg_id_not_of_the_env_msg_001_form_is_refused(self):
        for msg_id in ("not-a-uuid", MSG_ID.upper(), MSG_ID.replace("-469f-", "-369f-"), "", 5):
            with self.subTest(msg_id=msg_id):
                self.refused(body(msg_id=msg_id))

    def test_not_exactly_the_rfc8785_form_of_four_members_is_refused(self):
        good = body()
        for data in (good.replace(b'"frame":7', b'"frame":7.0'), good.replace(b",", b", ", 1), good + b" ",
                     jcs.canonicalize({"code": "FRAME", "frame": 7, "msg_id": None}),
                     jcs.canonicalize({"code": "FRAME", "frame": 7, "msg_id": None, "text": "t", "x": 1}),
                     b'{"text":"why","msg_id":null,"frame":7,"code":"FRAME"}', b"[]", b"not json"):
            with self.subTest(data=data):
                self.refused(data)

    def test_own_error_bodies_are_checked_before_they_are_sent(self):
        self.assertEqual(F.error_body("SOME_CODE", None, MSG_ID, "t"), body(code="SOME_CODE", frame=None,
                                                                              msg_id=MSG_ID, text="t"))
        with self.assertRaises(ValueError):
            F.error_body("lower", None, None, "t")


if __name__ == "__main__":
    unittest.main()
