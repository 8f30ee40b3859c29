package org.relaychat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaychat.config.DefaultLimits;
import org.relaychat.profiles.Profile;
import org.relaychat.profiles.ProfileChange;
import org.relaychat.profiles.ProfileChange.Update;
import org.relaychat.protocol.ClientCommand.JoinRoom;
import org.relaychat.protocol.ClientCommand.LeaveRoom;
import org.relaychat.protocol.ClientCommand.ListRooms;
import org.relaychat.protocol.ClientCommand.MarkRead;
import org.relaychat.protocol.ClientCommand.RequestHistory;
import org.relaychat.protocol.ClientCommand.RequestPresence;
import org.relaychat.protocol.ClientCommand.SendBroadcast;
import org.relaychat.protocol.ClientCommand.SendDirectMessage;
import org.relaychat.protocol.ClientCommand.SendEcho;
import org.relaychat.protocol.ClientCommand.SendRoomMessage;
import org.relaychat.protocol.ClientCommand.SetProfile;
import org.relaychat.protocol.ClientCommand.SetTyping;

/** Frames are written with single quotes for readability; {@link #json} turns them into double quotes. */
class ClientFrameDecoderTest {

    private static final String EMOJI = "😀";

    private ClientFrameDecoder cut;

    @BeforeEach
    void createDecoder() {
        cut = new ClientFrameDecoder(DefaultLimits.limits());
    }

    // --- not a JSON object -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "not json", "", "   ", "{", "}", "{'event':'message','message':'a'", "{'event' 'message'}",
        "{'event':'message','message':'a',}", "{event:'message'}", "{'event':'message','message':'a\u0001'}",
    })
    void textThatIsNotJsonIsBadJson(String text) {
        assertInvalid(ErrorCode.BAD_JSON, null, cut.decode(json(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{'event':'rooms'}]", "'rooms'", "42", "-1.5", "null", "true", "false"})
    void jsonThatIsNotAnObjectIsBadJson(String text) {
        assertInvalid(ErrorCode.BAD_JSON, null, cut.decode(json(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'rooms'} x", "{'event':'rooms'}{}", "{'event':'rooms'}{'event':'rooms'}", "{'event':'rooms'}]",
        "{'event':'rooms'} 1", "{'event':'rooms'}'",
    })
    void garbageAfterTheObjectIsBadJson(String text) {
        assertInvalid(ErrorCode.BAD_JSON, null, cut.decode(json(text)));
    }

    @Test
    void whitespaceAroundTheObjectIsAccepted() {
        assertEquals(new ListRooms(null), cut.decode(" \n\t{'event':'rooms'} \r\n".replace('\'', '"')));
    }

    // --- event -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "{'message':'hi'}", "{'event':null,'message':'hi'}", "{'event':5}", "{'event':true}",
        "{'event':{}}", "{'event':['message'],'message':'hi'}", "{'event':'nope'}", "{'event':'MESSAGE','message':'hi'}",
        "{'event':''}", "{'event':' message','message':'hi'}", "{'event':'echo','message':'hi'}",
        "{'event':'welcome'}",
    })
    void missingNonStringOrUnknownEventIsUnknownEvent(String text) {
        assertInvalid(ErrorCode.UNKNOWN_EVENT, null, cut.decode(json(text)));
    }

    @Test
    void unknownEventCarriesTheRef() {
        assertInvalid(ErrorCode.UNKNOWN_EVENT, "r1", cut.decode(json("{'event':'nope','ref':'r1'}")));
    }

    @Test
    void veryLongUnknownEventNameIsUnknownEvent() {
        assertInvalid(ErrorCode.UNKNOWN_EVENT, null, cut.decode(json("{'event':'" + "x".repeat(50_000) + "'}")));
    }

    @Test
    void anUnknownEventNameQuotedBackIsCutBetweenCharactersAndHasNoHalfCharacters() {
        InvalidFrame split = (InvalidFrame) cut.decode(json("{'event':'" + "x".repeat(31) + EMOJI.repeat(5) + "'}"));
        InvalidFrame half = (InvalidFrame) cut.decode(json("{'event':'a\\ud83db'}"));

        assertEquals("unknown event '" + "x".repeat(31) + EMOJI + "…'", split.message());
        assertEquals("unknown event 'a\ufffdb'", half.message());
    }

    // --- required fields -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'message'}",
        "{'event':'broadcast'}",
        "{'event':'join_room'}",
        "{'event':'leave_room'}",
        "{'event':'room_message','message':'hi'}",
        "{'event':'room_message','room':'general'}",
        "{'event':'direct_message','message':'hi'}",
        "{'event':'direct_message','to':'ana'}",
        "{'event':'typing','typing':true}",
        "{'event':'typing','room':'general'}",
        "{'event':'read','id':1}",
        "{'event':'read','room':'general'}",
        "{'event':'history'}",
        "{'event':'history','limit':5}",
        "{'event':'presence'}",
    })
    void missingRequiredFieldIsMissingFieldWithTheRef(String text) {
        String withRef = json(text).replaceFirst("^\\{", "{\"ref\":\"r9\",");
        assertInvalid(ErrorCode.MISSING_FIELD, "r9", cut.decode(withRef));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'message','message':null}",
        "{'event':'join_room','room':null}",
        "{'event':'typing','room':'general','typing':null}",
        "{'event':'read','room':'general','id':null}",
        "{'event':'history','room':null,'with':null}",
    })
    void jsonNullCountsAsAbsent(String text) {
        assertInvalid(ErrorCode.MISSING_FIELD, null, cut.decode(json(text)));
    }

    @Test
    void jsonNullForOptionalFieldsIsIgnored() {
        assertEquals(new RequestHistory(null, null, "ana", null, null, null), cut.decode(json(
                "{'event':'history','room':null,'with':'ana','before':null,'after':null,'limit':null,'ref':null}")));
    }

    @Test
    void fieldsOfNestedObjectsDoNotCountAsTopLevelFields() {
        assertInvalid(ErrorCode.MISSING_FIELD, null,
                cut.decode(json("{'event':'message','extra':{'message':'hi','event':'rooms'}}")));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(new SendEcho(null, "hi"), cut.decode(json(
                "{'event':'message','message':'hi','colour':'blue','n':1.5,'list':[1,{'a':[]}],'flag':false}")));
    }

    // --- field types -----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'message','message':5}",
        "{'event':'message','message':true}",
        "{'event':'message','message':{}}",
        "{'event':'message','message':['hi']}",
        "{'event':'broadcast','message':1.5}",
        "{'event':'join_room','room':5}",
        "{'event':'leave_room','room':['general']}",
        "{'event':'room_message','room':'general','message':{'text':'hi'}}",
        "{'event':'direct_message','to':7,'message':'hi'}",
        "{'event':'typing','room':'general','typing':'true'}",
        "{'event':'typing','room':'general','typing':1}",
        "{'event':'typing','room':'general','typing':{}}",
        "{'event':'presence','room':false}",
        "{'event':'history','with':42}",
    })
    void fieldOfTheWrongTypeIsBadField(String text) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.5", "-1", "-0.5", "9007199254740992", "9223372036854775808", "1e999999999", "1e-999999999",
        "'5'", "true", "[5]", "{}",
    })
    void readIdThatIsNotAMessageIdIsBadField(String id) {
        assertInvalid(ErrorCode.BAD_FIELD, "r", cut.decode(json("{'event':'read','room':'general','ref':'r','id':" + id + "}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'before':1.5", "'before':-1", "'after':'10'", "'after':1e999999999", "'before':{}"})
    void historyBoundThatIsNotAMessageIdIsBadField(String bound) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'history','room':'general'," + bound + "}")));
    }

    @Test
    void hugeExponentsAreRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 1_000; i++) {
                assertInvalid(ErrorCode.BAD_FIELD, null,
                        cut.decode(json("{'event':'read','room':'general','id':1e999999999}")));
                assertInvalid(ErrorCode.BAD_FIELD, null,
                        cut.decode(json("{'event':'history','room':'general','limit':1e-999999999}")));
            }
        });
    }

    @Test
    void numberWithThousandsOfDigitsIsBadFieldAndDoesNotEscape() {
        String digits = "1".repeat(5_000);
        assertInvalid(ErrorCode.BAD_FIELD, "r",
                cut.decode(json("{'event':'read','room':'general','ref':'r','id':" + digits + "}")));
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'history','room':'general','limit':" + digits + "}")));
    }

    @Test
    void numberWithThousandsOfDigitsInAnUnknownFieldIsIgnored() {
        assertEquals(new SendEcho(null, "hi"),
                cut.decode(json("{'event':'message','message':'hi','n':" + "9".repeat(5_000) + ".5}")));
    }

    @Test
    void largestMessageIdIsAccepted() {
        assertEquals(new MarkRead(null, "general", (1L << 53) - 1),
                cut.decode(json("{'event':'read','room':'general','id':9007199254740991}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-100", "2.5", "0.5", "'10'", "true", "[]"})
    void historyLimitBelowOneOrNotAnIntegerIsBadField(String limit) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'history','room':'general','limit':" + limit + "}")));
    }

    @Test
    void historyLimitIsPassedOnUnclampedBecauseTheCapIsTheServicesJob() {
        assertEquals(new RequestHistory(null, "general", null, null, null, 100_000),
                cut.decode(json("{'event':'history','room':'general','limit':100000}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "9223372036854775808", "1e30", "1e999999999"})
    void historyLimitBeyondAnyIntegerTypeIsReadAsTheLargestLimit(String limit) {
        assertEquals(new RequestHistory(null, "general", null, null, null, Integer.MAX_VALUE),
                cut.decode(json("{'event':'history','room':'general','limit':" + limit + "}")));
    }

    // --- message text ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'message','message':''}",
        "{'event':'broadcast','message':''}",
        "{'event':'room_message','room':'general','message':''}",
        "{'event':'direct_message','to':'ana','message':''}",
    })
    void emptyMessageIsBadField(String text) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json(text)));
    }

    @Test
    void messageOverTheCharacterLimitIsTooLargeAndCarriesTheRef() {
        assertInvalid(ErrorCode.TOO_LARGE, "big",
                cut.decode(json("{'event':'message','ref':'big','message':'" + "a".repeat(4_001) + "'}")));
        assertInvalid(ErrorCode.TOO_LARGE, null,
                cut.decode(json("{'event':'room_message','room':'general','message':'" + "a".repeat(4_001) + "'}")));
    }

    @Test
    void messageOfExactlyTheLimitIsAccepted() {
        String text = "a".repeat(4_000);
        assertEquals(new SendEcho(null, text), cut.decode(json("{'event':'message','message':'" + text + "'}")));
    }

    @Test
    void messageLimitCountsCodePointsNotChars() {
        String fourThousandEmoji = EMOJI.repeat(4_000);
        assertEquals(8_000, fourThousandEmoji.length());
        assertEquals(new SendBroadcast(null, fourThousandEmoji),
                cut.decode(json("{'event':'broadcast','message':'" + fourThousandEmoji + "'}")));
        assertInvalid(ErrorCode.TOO_LARGE, null,
                cut.decode(json("{'event':'broadcast','message':'" + fourThousandEmoji + EMOJI + "'}")));
    }

    @Test
    void escapedCharactersAreDecoded() {
        assertEquals(new SendEcho(null, "a\"b\\c\n☕" + EMOJI),
                cut.decode("{\"event\":\"message\",\"message\":\"a\\\"b\\\\c\\n\\u2615\\ud83d\\ude00\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\u0000b", "bell\\u0007", "esc\\u001b[31mred", "cr\\rhere", "del\\u007f",
        "c1\\u0085", "c1\\u009b"})
    void messageWithAControlCharacterIsBadFieldAndCarriesTheRef(String text) {
        assertInvalid(ErrorCode.BAD_FIELD, "r", cut.decode(json("{'event':'message','ref':'r','message':'" + text + "'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'room_message','room':'general','message':'" + text + "'}")));
    }

    @Test
    void newlinesTabsAndEveryScriptAreKeptAsTheyCame() {
        String text = "line one\nline\ttwo 👩\u200d💻 \u0645\u0631\u062d\u0628\u0627 \u200fשלום \u2067עברית\u2069 e\u0301";
        String escaped = text.replace("\n", "\\n").replace("\t", "\\t");
        assertEquals(new SendEcho(null, text), cut.decode(json("{'event':'message','message':'" + escaped + "'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202e", "a\u202db", "\u202aembedded\u202c", "\u202bx"})
    void directionOverridesAndEmbeddingsInAMessageAreBadField(String text) {
        assertInvalid(ErrorCode.BAD_FIELD, "r", cut.decode(json("{'event':'message','ref':'r','message':'" + text + "'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "a\\udc00b", "\\ude00\\ud83d", "end\\ud83d"})
    void unpairedSurrogatesAreBadFieldWherePassedOn(String half) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'message','message':'" + half + "'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'direct_message','to':'" + half + "','message':'hi'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'rooms','ref':'" + half + "'}")));
    }

    @Test
    void hugeMessageBelowTheFrameLimitIsTooLarge() {
        assertInvalid(ErrorCode.TOO_LARGE, "r",
                cut.decode(json("{'event':'message','ref':'r','message':'" + "x".repeat(60_000) + "'}")));
    }

    // --- frame size ------------------------------------------------------------------------

    @Test
    void frameOverTheByteLimitIsTooLargeBeforeItIsRead() {
        String text = json("{'event':'message','ref':'r','message':'" + "a".repeat(70_000) + "'}");
        assertInvalid(ErrorCode.TOO_LARGE, null, cut.decode(text));
    }

    @Test
    void frameLimitCountsUtf8BytesNotChars() {
        // 22,000 euro signs are 22,000 chars but 66,000 bytes.
        String text = json("{'event':'message','message':'hi','pad':'" + "€".repeat(22_000) + "'}");
        assertInvalid(ErrorCode.TOO_LARGE, null, cut.decode(text));
    }

    @Test
    void frameOfExactlyTheByteLimitIsAccepted() {
        String head = json("{'event':'message','message':'hi','pad':'");
        String tail = "\"}";
        int padding = DefaultLimits.limits().maxFrameBytes() - head.length() - tail.length();
        assertEquals(new SendEcho(null, "hi"), cut.decode(head + "a".repeat(padding) + tail));
        assertInvalid(ErrorCode.TOO_LARGE, null, cut.decode(head + "a".repeat(padding + 1) + tail));
    }

    // --- room and user names ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "general", "a.b-c_d", "Room42", "x", "général", "日本語", "Ελληνικά", "кафе", "١٢٣", "...", "-_-", "हिंदी", "cafe\u0301",
    })
    void validRoomNamesAreAccepted(String room) {
        assertEquals(new JoinRoom(null, room), cut.decode(json("{'event':'join_room','room':'" + room + "'}")));
    }

    @Test
    void roomNameOfSixtyFourCodePointsIsAccepted() {
        assertEquals(new JoinRoom(null, "r".repeat(64)), cut.decode(json("{'event':'join_room','room':'" + "r".repeat(64) + "'}")));
        String mathLetters = "𝒜".repeat(64);
        assertEquals(128, mathLetters.length());
        assertEquals(new JoinRoom(null, mathLetters), cut.decode(json("{'event':'join_room','room':'" + mathLetters + "'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "", " general", "general ", "#general", "a:b", "emoji" + EMOJI, "a\\tb", "a\\u0000b",
        "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"})
    void invalidRoomNamesAreBadFieldForEveryRoomEvent(String room) {
        for (String event : new String[] {
            "{'event':'join_room','room':'%s'}",
            "{'event':'leave_room','room':'%s'}",
            "{'event':'room_message','room':'%s','message':'hi'}",
            "{'event':'typing','room':'%s','typing':true}",
            "{'event':'read','room':'%s','id':1}",
            "{'event':'history','room':'%s'}",
            "{'event':'presence','room':'%s'}",
        }) {
            assertInvalid(ErrorCode.BAD_FIELD, "r",
                    cut.decode(json(event.replace("%s", room)).replaceFirst("^\\{", "{\"ref\":\"r\",")));
        }
    }

    @Test
    void roomNameOfSixtyFiveCharactersIsBadField() {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'join_room','room':'" + "r".repeat(65) + "'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'join_room','room':'" + "𝒜".repeat(65) + "'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\\u0000b", "line\\nbreak", "tab\\there", "\\u007f",
        "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"})
    void invalidUserNamesAreBadField(String user) {
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'direct_message','to':'" + user + "','message':'hi'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'history','with':'" + user + "'}")));
    }

    @Test
    void userNamesMayHoldSpacesAndAnyScriptUpToThirtyTwoCodePoints() {
        String name = EMOJI.repeat(32);
        assertEquals(new SendDirectMessage(null, name, "hi"),
                cut.decode(json("{'event':'direct_message','to':'" + name + "','message':'hi'}")));
        assertEquals(new SendDirectMessage(null, "Ana María", "hi"),
                cut.decode(json("{'event':'direct_message','to':'Ana María','message':'hi'}")));
    }

    // --- ref -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "{}", "['r1']", "1.5",
        "'rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr'"})
    void invalidRefIsBadFieldWithoutARef(String ref) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'rooms','ref':" + ref + "}")));
    }

    @Test
    void invalidRefIsReportedBeforeAnyOtherProblem() {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'nope','ref':42}")));
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'message','ref':'" + "r".repeat(65) + "'}")));
    }

    @Test
    void hugeRefIsBadField() {
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'rooms','ref':'" + "r".repeat(60_000) + "'}")));
    }

    @Test
    void refOfSixtyFourCharactersIsCarried() {
        String ref = "r".repeat(64);
        assertEquals(new ListRooms(ref), cut.decode(json("{'event':'rooms','ref':'" + ref + "'}")));
    }

    @Test
    void validRefIsCarriedOnEveryKindOfError() {
        assertInvalid(ErrorCode.MISSING_FIELD, "a", cut.decode(json("{'ref':'a','event':'message'}")));
        assertInvalid(ErrorCode.BAD_FIELD, "b", cut.decode(json("{'ref':'b','event':'message','message':5}")));
        assertInvalid(ErrorCode.BAD_FIELD, "c", cut.decode(json("{'ref':'c','event':'join_room','room':'a b'}")));
        assertInvalid(ErrorCode.TOO_LARGE, "d",
                cut.decode(json("{'ref':'d','event':'message','message':'" + "a".repeat(4_001) + "'}")));
        assertInvalid(ErrorCode.UNKNOWN_EVENT, "e", cut.decode(json("{'ref':'e'}")));
    }

    // --- history ---------------------------------------------------------------------------

    @Test
    void historyWithRoomAndWithTogetherIsBadField() {
        assertInvalid(ErrorCode.BAD_FIELD, "h", cut.decode(json("{'event':'history','ref':'h','room':'general','with':'ana'}")));
    }

    @Test
    void historyWithNeitherRoomNorWithIsMissingField() {
        assertInvalid(ErrorCode.MISSING_FIELD, "h", cut.decode(json("{'event':'history','ref':'h','before':5}")));
    }

    @Test
    void historyWithBeforeAndAfterTogetherIsBadField() {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'history','room':'general','before':5,'after':1}")));
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'history','with':'ana','before':5,'after':1}")));
    }

    @Test
    void historyOfARoomDecodesItsBoundsAndLimit() {
        assertEquals(new RequestHistory("h", "general", null, 17L, null, 20),
                cut.decode(json("{'event':'history','ref':'h','room':'general','before':17,'limit':20}")));
        assertEquals(new RequestHistory(null, "general", null, null, 0L, null),
                cut.decode(json("{'event':'history','room':'general','after':0}")));
        assertEquals(new RequestHistory(null, "general", null, null, null, null),
                cut.decode(json("{'event':'history','room':'general'}")));
    }

    @Test
    void historyOfADirectConversationDecodesTheOtherUser() {
        assertEquals(new RequestHistory(null, null, "Ana María", null, 99L, 1),
                cut.decode(json("{'event':'history','with':'Ana María','after':99,'limit':1}")));
    }

    // --- hostile input ---------------------------------------------------------------------

    @Test
    void deeplyNestedArraysInAFieldAreRefusedWithoutOverflowingTheStack() {
        ClientFrameDecoder roomy = new ClientFrameDecoder(DefaultLimits.limits("chat.max-frame-bytes", "1048576"));
        String nested = "[".repeat(50_000) + "]".repeat(50_000);
        ClientFrame frame = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> roomy.decode(json("{'event':'message','message':" + nested + "}")));
        assertInvalid(ErrorCode.BAD_JSON, null, frame);
    }

    @Test
    void deeplyNestedObjectsInAnUnknownFieldAreRefusedWithoutOverflowingTheStack() {
        ClientFrameDecoder roomy = new ClientFrameDecoder(DefaultLimits.limits("chat.max-frame-bytes", "1048576"));
        String nested = "{'a':".repeat(50_000) + "1" + "}".repeat(50_000);
        assertInvalid(ErrorCode.BAD_JSON, null, roomy.decode(json("{'event':'message','message':'hi','x':" + nested + "}")));
    }

    @Test
    void deeplyNestedArraysAsTheWholeFrameAreBadJson() {
        ClientFrameDecoder roomy = new ClientFrameDecoder(DefaultLimits.limits("chat.max-frame-bytes", "1048576"));
        assertInvalid(ErrorCode.BAD_JSON, null, roomy.decode("[".repeat(50_000) + "]".repeat(50_000)));
        assertInvalid(ErrorCode.BAD_JSON, null, cut.decode("[".repeat(50_000)));
        assertInvalid(ErrorCode.BAD_JSON, null, cut.decode(json("{'a':".repeat(10_000))));
    }

    @Test
    void unclosedDeepNestingWithinTheFrameLimitIsBadJson() {
        assertInvalid(ErrorCode.BAD_JSON, null, cut.decode(json("{'event':'message','message':" + "[".repeat(60_000))));
    }

    @Test
    void moderatelyNestedStructureInAFieldIsBadFieldNotBadJson() {
        String nested = "[".repeat(500) + "]".repeat(500);
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'message','message':" + nested + "}")));
        assertEquals(new SendEcho(null, "hi"), cut.decode(json("{'event':'message','message':'hi','x':" + nested + "}")));
    }

    @Test
    void hugeKeyOfAnUnknownFieldIsIgnored() {
        assertEquals(new ListRooms(null), cut.decode(json("{'event':'rooms','" + "k".repeat(60_000) + "':1}")));
    }

    @Test
    void duplicateKeysKeepTheLastValue() {
        assertEquals(new SendEcho(null, "second"),
                cut.decode(json("{'event':'message','message':'first','message':'second'}")));
        assertEquals(new SendEcho(null, "hi"), cut.decode(json("{'event':'nope','event':'message','message':'hi'}")));
        assertEquals(new ListRooms("b"), cut.decode(json("{'event':'rooms','ref':'a','ref':'b'}")));
    }

    @Test
    void duplicateKeyWithNullRemovesTheEarlierValue() {
        assertInvalid(ErrorCode.MISSING_FIELD, null, cut.decode(json("{'event':'message','message':'hi','message':null}")));
    }

    // --- valid frames ----------------------------------------------------------------------

    @Test
    void messageDecodesToSendEcho() {
        assertEquals(new SendEcho("r1", "hello ☕ مرحبا"), cut.decode(json("{'event':'message','message':'hello ☕ مرحبا','ref':'r1'}")));
    }

    @Test
    void broadcastDecodesToSendBroadcast() {
        assertEquals(new SendBroadcast(null, " spaced "), cut.decode(json("{'event':'broadcast','message':' spaced '}")));
    }

    @Test
    void joinRoomDecodesToJoinRoom() {
        assertEquals(new JoinRoom("j", "lobby"), cut.decode(json("{'ref':'j','event':'join_room','room':'lobby'}")));
    }

    @Test
    void leaveRoomDecodesToLeaveRoom() {
        assertEquals(new LeaveRoom(null, "lobby"), cut.decode(json("{'event':'leave_room','room':'lobby'}")));
    }

    @Test
    void roomMessageDecodesToSendRoomMessage() {
        assertEquals(new SendRoomMessage("m", "lobby", "hi all"),
                cut.decode(json("{'event':'room_message','room':'lobby','message':'hi all','ref':'m'}")));
    }

    @Test
    void directMessageDecodesToSendDirectMessage() {
        assertEquals(new SendDirectMessage(null, "bob", "psst"),
                cut.decode(json("{'event':'direct_message','to':'bob','message':'psst'}")));
    }

    @Test
    void typingDecodesToSetTyping() {
        assertEquals(new SetTyping(null, "lobby", true), cut.decode(json("{'event':'typing','room':'lobby','typing':true}")));
        assertEquals(new SetTyping("t", "lobby", false),
                cut.decode(json("{'event':'typing','room':'lobby','typing':false,'ref':'t'}")));
    }

    @Test
    void readDecodesToMarkRead() {
        assertEquals(new MarkRead(null, "lobby", 1234567L), cut.decode(json("{'event':'read','room':'lobby','id':1234567}")));
        assertEquals(new MarkRead(null, "lobby", 0L), cut.decode(json("{'event':'read','room':'lobby','id':0}")));
    }

    // --- edit and delete -------------------------------------------------------------------

    @Test
    void editMessageDecodesItsIdTextAndRef() {
        assertEquals(new ClientCommand.EditMessage("e", 42L, "fixed\ntypo"),
                cut.decode(json("{'event':'edit_message','id':42,'message':'fixed\\ntypo','ref':'e'}")));
        assertEquals(new ClientCommand.EditMessage(null, 9_007_199_254_740_991L, "x"),
                cut.decode(json("{'event':'edit_message','id':9007199254740991,'message':'x'}")));
    }

    @Test
    void deleteMessageDecodesItsIdAndRef() {
        assertEquals(new ClientCommand.DeleteMessage("d", 7L), cut.decode(json("{'event':'delete_message','id':7,'ref':'d'}")));
        assertEquals(new ClientCommand.DeleteMessage(null, 7L), cut.decode(json("{'event':'delete_message','id':7}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'edit_message','ref':'r','message':'x'}", "{'event':'edit_message','ref':'r','id':1}",
        "{'event':'edit_message','ref':'r','id':null,'message':'x'}", "{'event':'delete_message','ref':'r'}",
    })
    void editOrDeleteWithoutItsFieldsIsMissingField(String text) {
        assertInvalid(ErrorCode.MISSING_FIELD, "r", cut.decode(json(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'edit_message','ref':'r','id':'1','message':'x'}", "{'event':'edit_message','ref':'r','id':-1,'message':'x'}",
        "{'event':'edit_message','ref':'r','id':1.5,'message':'x'}", "{'event':'edit_message','ref':'r','id':1,'message':''}",
        "{'event':'edit_message','ref':'r','id':1,'message':7}", "{'event':'edit_message','ref':'r','id':1,'message':'a\\u0007'}",
        "{'event':'delete_message','ref':'r','id':9007199254740992}", "{'event':'delete_message','ref':'r','id':[1]}",
    })
    void editOrDeleteWithAnUnusableFieldIsBadField(String text) {
        assertInvalid(ErrorCode.BAD_FIELD, "r", cut.decode(json(text)));
    }

    @Test
    void editOverTheCharacterLimitIsTooLarge() {
        assertInvalid(ErrorCode.TOO_LARGE, "r",
                cut.decode(json("{'event':'edit_message','ref':'r','id':1,'message':'" + "a".repeat(4_001) + "'}")));
    }

    @Test
    void presenceDecodesToRequestPresence() {
        assertEquals(new RequestPresence("p", "lobby"), cut.decode(json("{'event':'presence','room':'lobby','ref':'p'}")));
    }

    @Test
    void roomsDecodesToListRooms() {
        assertEquals(new ListRooms(null), cut.decode(json("{'event':'rooms'}")));
    }

    @Test
    void emptyRefIsAValidRef() {
        assertEquals(new ListRooms(""), cut.decode(json("{'event':'rooms','ref':''}")));
    }

    @Test
    void decoderAcceptsEveryTextFrame() {
        assertEquals(true, cut.willDecode("anything at all"));
    }

    // --- files -------------------------------------------------------------------------------

    @Test
    void aMessageMayCarryFilesAndThenNoText() {
        assertEquals(new SendRoomMessage("m", "lobby", "", List.of("Xq3_a-1", "b2")),
                cut.decode(json("{'event':'room_message','room':'lobby','attachments':['Xq3_a-1','b2'],'ref':'m'}")));
        assertEquals(new SendDirectMessage(null, "ben", "see", List.of("f1")),
                cut.decode(json("{'event':'direct_message','to':'ben','message':'see','attachments':['f1']}")));
        assertEquals(new SendRoomMessage(null, "lobby", "hi", List.of()),
                cut.decode(json("{'event':'room_message','room':'lobby','message':'hi'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'attachments':[]", "'attachments':'f1'", "'attachments':[1]", "'attachments':[['f1']]",
        "'attachments':[{'id':'f1'}]", "'attachments':['f1','f1']", "'attachments':['../f1']",
        "'attachments':['a','b','c','d','e','f','g','h','i','j','k']",
    })
    void attachmentsMustBeOneToTenDistinctFileIds(String attachments) {
        assertInvalid(ErrorCode.BAD_FIELD, "r",
                cut.decode(json("{'event':'room_message','room':'lobby','message':'x'," + attachments + ",'ref':'r'}")));
    }

    @Test
    void withoutFilesAMessageStillNeedsText() {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'room_message','room':'lobby','message':''}")));
        assertInvalid(ErrorCode.MISSING_FIELD, null, cut.decode(json("{'event':'room_message','room':'lobby'}")));
    }

    @Test
    void uploadAndDownloadDecode() {
        assertEquals(new ClientCommand.RequestUpload("u", "plan v2.pdf", 48213, "application/pdf"),
                cut.decode(json("{'event':'upload','name':'plan v2.pdf','size':48213,'type':'application/pdf','ref':'u'}")));
        assertEquals(new ClientCommand.RequestUpload(null, "a", 1, null), cut.decode(json("{'event':'upload','name':'a','size':1}")));
        assertEquals(new ClientCommand.RequestDownload("d", "Xq3"), cut.decode(json("{'event':'download','file':'Xq3','ref':'d'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'name':'','size':1", "'name':' ','size':1", "'name':'a\\nb','size':1", "'name':'a','size':0",
        "'name':'a','size':-1", "'name':'a','size':1.5", "'name':'a','size':'1'", "'name':'a','size':1,'type':3",
    })
    void uploadNeedsANameOnOneLineAndAPositiveSize(String fields) {
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'upload'," + fields + "}")));
    }

    @Test
    void uploadWithoutSizeAndDownloadOfABadIdAreRefused() {
        assertInvalid(ErrorCode.MISSING_FIELD, null, cut.decode(json("{'event':'upload','name':'a'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null, cut.decode(json("{'event':'download','file':'a/b'}")));
        assertInvalid(ErrorCode.MISSING_FIELD, null, cut.decode(json("{'event':'download'}")));
    }

    // --- set_profile -----------------------------------------------------------------------

    @Test
    void setProfileTakesOnlyTheFieldsGivenAndNullAsTheDefault() {
        assertEquals(new SetProfile("p", new ProfileChange(new Update("Ana Lima"), null, Update.DEFAULT, null)),
                cut.decode(json("{'event':'set_profile','display_name':'Ana Lima','avatar':null,'ref':'p'}")));
        assertEquals(new SetProfile(null, new ProfileChange(null, null, new Update("Xq3_-9"), Profile.State.AWAY)),
                cut.decode(json("{'event':'set_profile','avatar':'Xq3_-9','state':'away'}")));
    }

    @Test
    void anEmptyStatusClearsItAsNullDoes() {
        ProfileChange cleared = new ProfileChange(null, Update.DEFAULT, null, null);
        assertEquals(new SetProfile(null, cleared), cut.decode(json("{'event':'set_profile','status':''}")));
        assertEquals(new SetProfile(null, cleared), cut.decode(json("{'event':'set_profile','status':null}")));
    }

    @Test
    void aSetProfileThatChangesNothingIsMissingAField() {
        assertInvalid(ErrorCode.MISSING_FIELD, "p", cut.decode(json("{'event':'set_profile','ref':'p'}")));
        assertInvalid(ErrorCode.MISSING_FIELD, null, cut.decode(json("{'event':'set_profile','nickname':'x'}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'event':'set_profile','display_name':''}",
        "{'event':'set_profile','display_name':'   '}",
        "{'event':'set_profile','display_name':'two\\nlines'}",
        "{'event':'set_profile','display_name':'\\u202eevil'}",
        "{'event':'set_profile','display_name':7}",
        "{'event':'set_profile','status':'a\\tb'}",
        "{'event':'set_profile','avatar':'../etc/passwd'}",
        "{'event':'set_profile','state':'offline'}",
        "{'event':'set_profile','state':'busy'}",
        "{'event':'set_profile','state':null}"
    })
    void badProfileFieldsAreRefused(String frame) {
        ClientFrame decoded = cut.decode(json(frame));
        assertInstanceOf(InvalidFrame.class, decoded, frame);
    }

    @Test
    void displayNamesAndStatusesAreCountedInCharactersNotUnits() {
        String name = "é".repeat(Profile.MAX_DISPLAY_NAME_LENGTH - 1) + "😀";
        assertInstanceOf(SetProfile.class, cut.decode(json("{'event':'set_profile','display_name':'" + name + "'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'set_profile','display_name':'" + name + "x'}")));
        String status = "😀".repeat(Profile.MAX_STATUS_LENGTH);
        assertInstanceOf(SetProfile.class, cut.decode(json("{'event':'set_profile','status':'" + status + "'}")));
        assertInvalid(ErrorCode.BAD_FIELD, null,
                cut.decode(json("{'event':'set_profile','status':'" + status + "!'}")));
    }

    private static void assertInvalid(ErrorCode code, String ref, ClientFrame frame) {
        InvalidFrame invalid = assertInstanceOf(InvalidFrame.class, frame);
        assertEquals(code, invalid.code(), invalid.message());
        assertEquals(ref, invalid.ref());
        if (ref == null) {
            assertNull(frame.ref());
        }
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
