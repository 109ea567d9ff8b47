// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// The FEVM's Filecoin precompiles, called as a Solidity contract calls them (builtin-actors
/// actors/evm/src/interpreter/precompiles/{mod,fvm}.rs, v10.0.0 … v18.0.0): 0xfe00…01
/// resolve_address, …02 lookup_delegated_address, …03 call_actor, …04 reserved (get_actor_type,
/// disabled), …05 call_actor_id, …06 get_randomness (actors v15 and later).
contract FilecoinPrecompiles {
    constructor() payable {}

    receive() external payable {}

    function precompile(uint8 index) internal pure returns (address) {
        return address((uint160(0xfe) << 152) | uint160(index));
    }

    /// STATICCALL of precompile 0xfe00…`index` with raw input.
    function query(uint8 index, bytes calldata input) external view returns (bool ok, bytes memory out) {
        (ok, out) = precompile(index).staticcall(input);
    }

    /// resolve_address: the actor ID of a Filecoin address (its byte form) as a word; empty if none.
    function resolveAddress(bytes calldata filAddress) external view returns (bool ok, bytes memory out) {
        (ok, out) = precompile(1).staticcall(filAddress);
    }

    /// lookup_delegated_address: the f4 address (byte form) of an actor ID; empty if it has none.
    function lookupDelegatedAddress(uint64 id) external view returns (bool ok, bytes memory out) {
        (ok, out) = precompile(2).staticcall(abi.encode(uint256(id)));
    }

    /// call_actor (DELEGATECALL only): `method` with `value` from this contract to a Filecoin address.
    function callActor(uint64 method, uint256 value, uint64 flags, uint64 codec, bytes calldata params, bytes calldata filAddress)
        external
        returns (bool ok, int256 exitCode, uint64 retCodec, bytes memory ret)
    {
        bytes memory out;
        (ok, out) = precompile(3).delegatecall(abi.encode(method, value, flags, codec, params, filAddress));
        if (ok) (exitCode, retCodec, ret) = abi.decode(out, (int256, uint64, bytes));
    }

    /// call_actor_id (DELEGATECALL only): the same, to an actor ID.
    function callActorId(uint64 method, uint256 value, uint64 flags, uint64 codec, bytes calldata params, uint64 id)
        external
        returns (bool ok, int256 exitCode, uint64 retCodec, bytes memory ret)
    {
        bytes memory out;
        (ok, out) = precompile(5).delegatecall(abi.encode(method, value, flags, codec, params, id));
        if (ok) (exitCode, retCodec, ret) = abi.decode(out, (int256, uint64, bytes));
    }

    /// call_actor through CALL: forbidden (the precompile accepts only DELEGATECALL).
    function callActorByCall(uint64 method, uint256 value, bytes calldata filAddress) external returns (bool ok, bytes memory out) {
        (ok, out) = precompile(3).call(abi.encode(method, value, uint64(0), uint64(0), bytes(""), filAddress));
    }

    /// A plain CALL with value and no data to any address (an f410 address, or a masked ID 0xff00…<id>).
    function callTo(address to, uint256 value, bytes calldata data) external returns (bool ok, bytes memory out) {
        (ok, out) = to.call{value: value}(data);
    }
}
