// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Every way to fail: require with a reason, custom errors with arguments, assert (Panic 0x01),
/// enum conversion (0x21), empty pop (0x31), out-of-bounds (0x32), bare revert, invalid opcode,
/// and state written before a revert that must be rolled back.
contract Reverts {
    enum Color { Red, Green, Blue }

    error Unauthorized(address caller, uint256 code);
    error Empty();
    error WithString(string why, bytes blob);

    uint256 public touched;
    uint256[] internal arr;

    function requireMsg(uint256 x) external returns (uint256) {
        touched = x;
        require(x % 3 != 0, "divisible by three");
        return x;
    }

    function custom(uint256 code) external {
        touched = code;
        if (code % 2 == 0) revert Unauthorized(msg.sender, code);
        if (code % 5 == 0) revert Empty();
        revert WithString("odd", abi.encodePacked(code));
    }

    function assertion(uint256 x) external pure returns (uint256) {
        assert(x != 7);
        return x;
    }

    function enumConv(uint8 v) external pure returns (Color) {
        return Color(v);
    }

    function popEmpty() external {
        arr.pop();
    }

    function outOfBounds(uint256 i) external view returns (uint256) {
        return arr[i];
    }

    function bare(bool doRevert) external returns (uint256) {
        touched += 1;
        if (doRevert) revert();
        return touched;
    }

    function invalidOp() external pure {
        assembly { invalid() }
    }

    function revertWithData(bytes calldata d) external pure {
        assembly {
            let p := mload(0x40)
            calldatacopy(p, d.offset, d.length)
            revert(p, d.length)
        }
    }

    function returnWithData(bytes calldata d) external pure {
        assembly {
            let p := mload(0x40)
            calldatacopy(p, d.offset, d.length)
            return(p, d.length)
        }
    }

    function stopEarly() external {
        touched = 42;
        assembly { stop() }
    }
}
